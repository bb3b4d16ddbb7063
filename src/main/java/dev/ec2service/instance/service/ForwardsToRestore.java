package dev.ec2service.instance.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Instances found running when libvirt (re)connected whose network forwards (user-mode networking's SSH forward
 * lives in the QEMU process) are still to be made again. One that somebody holds at that moment stays until a later
 * try gets it: whoever held it (another reconcile aligning its ports, an event) need not be making its forwards. A
 * try that fails (the database busy, QEMU's monitor slow) is repeated too, up to {@link #MAX_FAILURES} times.
 */
final class ForwardsToRestore {

    /** What one try came to. */
    enum Outcome {
        /** forwarded, or no longer running: nothing left to do */
        SETTLED,
        /** someone else holds the instance: try again later */
        HELD,
        /** the try failed: again later, unless it failed too often */
        FAILED
    }

    /** Tries are a second apart: ten failures in a row are not a passing hitch. */
    static final int MAX_FAILURES = 10;

    /** Each pending instance with the failures of its tries so far. */
    private final Map<String, Integer> pending = new ConcurrentHashMap<>();

    void add(Collection<String> ids) {
        for (String id : ids) {
            // a new connection gives every instance a fresh count
            pending.put(id, 0);
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /**
     * Tries each pending instance once; answers the instances given up on this time (failed too often), for the
     * caller to say so.
     */
    List<String> tryEach(Function<String, Outcome> attempt) {
        List<String> givenUp = new ArrayList<>();
        for (String id : List.copyOf(pending.keySet())) {
            switch (attempt.apply(id)) {
                case SETTLED -> pending.remove(id);
                case HELD -> {
                }
                case FAILED -> {
                    if (pending.merge(id, 1, Integer::sum) >= MAX_FAILURES) {
                        pending.remove(id);
                        givenUp.add(id);
                    }
                }
            }
        }
        return givenUp;
    }
}
