package dev.ec2service.instance.service;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises actions on one instance (start, stop, terminate, provisioning) and tells the state
 * synchroniser when an action is in flight, so it does not overrule a transition half done.
 */
@jakarta.enterprise.context.ApplicationScoped
public class InstanceLocks {

    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    public <T> T withLock(String id, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Marks work accepted for an instance but not started yet (provisioning waits for a thread). */
    public void queue(String id) {
        queued.add(id);
    }

    public void dequeue(String id) {
        queued.remove(id);
    }

    public boolean busy(String id) {
        ReentrantLock lock = locks.get(id);
        return queued.contains(id) || (lock != null && lock.isLocked());
    }
}
