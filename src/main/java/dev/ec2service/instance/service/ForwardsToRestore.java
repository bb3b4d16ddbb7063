package dev.ec2service.instance.service;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Instances found running when libvirt (re)connected whose network forwards (user-mode networking's SSH forward
 * lives in the QEMU process) are still to be made again. One that somebody holds at that moment stays until a later
 * try gets it: whoever held it (another reconcile aligning its ports, an event) need not be making its forwards.
 */
final class ForwardsToRestore {

    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    void add(Collection<String> ids) {
        pending.addAll(ids);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /**
     * Tries each pending instance once. {@code attempt} answers empty when the instance is held by someone else
     * (it stays pending) and a value once the instance is settled: forwarded, or no longer running.
     */
    void tryEach(Function<String, Optional<?>> attempt) {
        for (String id : List.copyOf(pending)) {
            if (attempt.apply(id).isPresent()) {
                pending.remove(id);
            }
        }
    }
}
