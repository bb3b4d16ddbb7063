package dev.ec2service.keypair.service;

import dev.ec2service.platform.retry.Retry;
import jakarta.persistence.PessimisticLockException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Re-runs a whole write transaction that SQLite refused with SQLITE_BUSY. In WAL mode a transaction
 * that has read and then writes after another writer committed fails at once, without the busy
 * timeout, because its snapshot is stale; only starting over (and so re-running the duplicate
 * checks on fresh data) resolves that. Two people importing different keys at once must both succeed.
 */
final class BusyRetry {

    static final int ATTEMPTS = 10;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private BusyRetry() {
    }

    /** {@code transaction} must start and end its own transaction, so each attempt sees committed data. */
    static <T> T run(Supplier<T> transaction) {
        try {
            return Retry.on(RuntimeException.class, ATTEMPTS).when(BusyRetry::isBusy).pause(BusyRetry::pause)
                    .run(transaction::get);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a database write", e);
        }
    }

    static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PessimisticLockException) {
                return true;
            }
            // extended result codes (SQLITE_BUSY_SNAPSHOT = 517) keep the primary code in the low byte
            if (t instanceof SQLException sql && ((sql.getErrorCode() & 0xff) == SQLITE_BUSY
                    || (sql.getErrorCode() & 0xff) == SQLITE_LOCKED)) {
                return true;
            }
        }
        return false;
    }

    /** Growing, jittered pauses so the racers do not collide again in lockstep; the winner's write is short. */
    private static Duration pause(int attempt) {
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 5));
    }
}
