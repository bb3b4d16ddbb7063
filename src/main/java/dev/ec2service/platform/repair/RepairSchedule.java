package dev.ec2service.platform.repair;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When to look again at something the service owns in libvirt (its network, its storage pool) and what the
 * last attempt to start it found. While it fails, attempts back off from a minimum to a maximum delay so a
 * lasting obstacle is not hammered; while it runs, it is checked at the maximum delay so a stop from outside
 * is noticed. Pure bookkeeping: the clock is passed in.
 */
public final class RepairSchedule {

    /** What health reports: when the service last tried, why that failed (null when it worked), when it tries next. */
    public record Snapshot(Instant lastAttemptAt, String lastError, Instant nextAttemptAt, boolean failing) {
    }

    private final Duration minDelay;
    private final Duration maxDelay;
    private Duration delay;
    private Instant next = Instant.EPOCH;
    private Instant lastAttemptAt;
    private String lastError;

    public RepairSchedule(Duration minDelay, Duration maxDelay) {
        this.minDelay = minDelay;
        this.maxDelay = maxDelay.compareTo(minDelay) < 0 ? minDelay : maxDelay;
        this.delay = minDelay;
    }

    public synchronized boolean due(Instant now) {
        return !now.isBefore(next);
    }

    /** Makes the next check due at once: after a reconnect, or when someone saw the object down. */
    public synchronized void checkSoon() {
        next = Instant.EPOCH;
    }

    /** The object was found running without the service doing anything. */
    public synchronized void foundRunning(Instant now) {
        lastError = null;
        delay = minDelay;
        next = now.plus(maxDelay);
    }

    /** An attempt to define or start the object worked. */
    public synchronized void succeeded(Instant now) {
        lastAttemptAt = now;
        foundRunning(now);
    }

    /**
     * An attempt failed with libvirt's explanation. Answers true when the explanation differs from the last
     * one, so the caller logs each new cause once instead of on every retry.
     */
    public synchronized boolean failed(Instant now, String error) {
        boolean news = !Objects.equals(error, lastError);
        lastAttemptAt = now;
        lastError = error;
        next = now.plus(delay);
        Duration doubled = delay.multipliedBy(2);
        delay = doubled.compareTo(maxDelay) > 0 ? maxDelay : doubled;
        return news;
    }

    public synchronized Snapshot snapshot() {
        boolean failing = lastError != null;
        return new Snapshot(lastAttemptAt, lastError, failing ? next : null, failing);
    }
}
