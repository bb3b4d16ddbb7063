package dev.ec2service.terminal.service;

import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Blocking steps of opening a terminal run on the worker pool; the wait between attempts to reach a
 * booting guest is a Vert.x timer, so a terminal waiting for its guest holds no thread at all.
 */
@ApplicationScoped
class TerminalScheduler implements TerminalSession.Scheduler {

    private final Vertx vertx;
    private final ManagedExecutor workers;

    TerminalScheduler(Vertx vertx, ManagedExecutor workers) {
        this.vertx = vertx;
        this.workers = workers;
    }

    @Override
    public void run(Runnable task) {
        workers.execute(task);
    }

    @Override
    public void later(Duration delay, Runnable task) {
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> workers.execute(task));
    }
}
