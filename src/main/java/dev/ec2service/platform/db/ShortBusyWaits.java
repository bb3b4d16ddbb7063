package dev.ec2service.platform.db;

import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConnection;

/**
 * Makes a connection that finds the database locked try again within a fraction of a millisecond. Every transaction
 * here begins IMMEDIATE (it takes the write lock at once, so it never fails half way), so requests that arrive
 * together queue on that lock; SQLite's own busy timeout sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries, and ten
 * launches at once spent most of their time asleep with the lock free. The bound stays the busy timeout of the
 * datasource URL (5 s): after it the statement fails with SQLITE_BUSY as before.
 */
@ApplicationScoped
public class ShortBusyWaits implements AgroalPoolInterceptor {

    static final Duration LIMIT = Duration.ofSeconds(5);

    @Override
    public void onConnectionCreate(Connection connection) {
        try {
            if (connection.isWrapperFor(SQLiteConnection.class)) {
                BusyHandler.setHandler(connection.unwrap(SQLiteConnection.class), new Waits(LIMIT));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the SQLite busy handler: " + e.getMessage(), e);
        }
    }

    /** One per connection, which one thread uses at a time: the state of the wait under way. */
    static final class Waits extends BusyHandler {

        /** The first tries come quickly (a commit takes well under a millisecond), later ones less often. */
        private static final long QUICK_NANOS = 20_000;
        private static final long SLOW_NANOS = 250_000;
        private static final int QUICK_TRIES = 50;

        private final long limitNanos;
        private long firstAt;

        Waits(Duration limit) {
            this.limitNanos = limit.toNanos();
        }

        @Override
        protected int callback(int previousCalls) {
            long now = System.nanoTime();
            if (previousCalls == 0) {
                firstAt = now;
            }
            if (now - firstAt >= limitNanos || Thread.currentThread().isInterrupted()) {
                return 0;
            }
            LockSupport.parkNanos(previousCalls < QUICK_TRIES ? QUICK_NANOS : SLOW_NANOS);
            return 1;
        }
    }
}
