package dev.ec2service.platform.startup;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Startup work that no request needs in order to be answered (QEMU's access grants, image checks, the terminal
 * key, the libvirt connection with the network and pool setup it triggers). Quarkus opens the HTTP port only once
 * every {@link StartupEvent} observer has returned, so such work is handed here instead: features {@link #add} their
 * steps while observing the event, and after the last observer one thread ({@code ec2-startup}, never the event
 * loop) runs them in order while the port opens. Health lists the steps still running ({@link #pending}).
 * What requests do depend on (the data home, the schema, the EC2 API's key check) stays in the observers.
 */
@ApplicationScoped
public class StartupWork {

    /** Runs after every feature's observer (they use priorities up to a few hundred). */
    static final int LAUNCH_PRIORITY = 10_000;

    private record Step(String name, int order, Runnable work) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final List<String> pending = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private boolean launched;

    /**
     * Adds a step, run after those of a lower {@code order} (the same order runs in the order added). Call from a
     * {@link StartupEvent} observer.
     */
    public synchronized void add(String name, int order, Runnable work) {
        if (launched) {
            throw new IllegalStateException("startup step " + name + " added after the startup work began");
        }
        steps.add(new Step(name, order, work));
        pending.add(name);
    }

    /** The steps not finished yet, in the order they run; empty once startup is complete. */
    public List<String> pending() {
        return List.copyOf(pending);
    }

    /** Whether every step has run (failed steps included). */
    public boolean finished() {
        return done.isDone();
    }

    /** Completes when every step has run (failed steps included: each logs its own failure). */
    public CompletableFuture<Void> done() {
        return done.copy();
    }

    void launch(@Observes @Priority(LAUNCH_PRIORITY) StartupEvent event) {
        List<Step> ordered;
        synchronized (this) {
            launched = true;
            ordered = steps.stream().sorted(Comparator.comparingInt(Step::order)).toList();
        }
        pending.clear();
        pending.addAll(ordered.stream().map(Step::name).toList());
        Thread thread = new Thread(() -> run(ordered), "ec2-startup");
        thread.setDaemon(true);
        thread.start();
    }

    void run(List<Step> ordered) {
        long begin = System.nanoTime();
        try {
            for (Step step : ordered) {
                long start = System.nanoTime();
                try {
                    step.work().run();
                } catch (RuntimeException | Error e) {
                    // the steps after it still run: libvirt's, the last, must not be lost to an earlier failure
                    Log.errorf(e, "startup step %s failed", step.name());
                } finally {
                    pending.remove(step.name());
                }
                Log.debugf("startup step %s took %d ms", step.name(), (System.nanoTime() - start) / 1_000_000);
            }
            Log.debugf("startup work done in %d ms", (System.nanoTime() - begin) / 1_000_000);
        } finally {
            done.complete(null);
        }
    }
}
