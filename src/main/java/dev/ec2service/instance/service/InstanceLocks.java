package dev.ec2service.instance.service;

import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.platform.error.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises every change of one instance (actions, provisioning, reconcile): whoever holds the lock re-reads
 * the row and decides anew, so no writer acts on a state another has already changed. Waiting is bounded: an
 * action that cannot get the lock in time is refused as busy instead of hanging behind a stuck one.
 */
@ApplicationScoped
public class InstanceLocks {

    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Duration wait;

    @Inject
    InstanceLocks(InstanceConfig config) {
        this(config.lockWait());
    }

    InstanceLocks(Duration wait) {
        this.wait = wait;
    }

    public <T> T withLock(String id, Supplier<T> action) {
        return withLockWithin(id, wait, action);
    }

    /** As {@link #withLock}, waiting at most {@code within} (a shutdown does not wait as long as an action). */
    public <T> T withLockWithin(String id, Duration within, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        boolean locked;
        try {
            locked = lock.tryLock(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(id);
        }
        if (!locked) {
            throw busy(id);
        }
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the action only if nobody holds the instance right now: for those who merely follow up on the state
     * (the reconcile, a read) and must not wait behind an action that is deciding it anyway.
     */
    public <T> Optional<T> withLockIfFree(String id, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(action.get());
        } finally {
            lock.unlock();
        }
    }

    private DomainException busy(String id) {
        return InstanceErrors.BUSY.exception("another action on instance " + id
                + " has been running for more than " + wait.toSeconds() + " s; try again when it has finished");
    }
}
