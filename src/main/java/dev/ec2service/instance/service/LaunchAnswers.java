package dev.ec2service.instance.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Launch requests being answered. The provisioning a launch starts waits until none is left, up to a bound: on a
 * small machine it competes for the same cores, and a burst of launches (ten at once from a script, Terraform's
 * parallel creates) had its later answers wait behind the disks, seed images and domains of its first ones. A
 * single launch is not delayed: its request is over by the time its provisioning runs.
 */
@ApplicationScoped
class LaunchAnswers {

    /** Longest a provisioning waits: a steady stream of launches must not hold the earlier ones back for long. */
    static final Duration MAX_WAIT = Duration.ofMillis(500);

    private final Duration maxWait;
    private int answering;

    LaunchAnswers() {
        this(MAX_WAIT);
    }

    LaunchAnswers(Duration maxWait) {
        this.maxWait = maxWait;
    }

    synchronized void begin() {
        answering++;
    }

    synchronized void end() {
        answering--;
        if (answering == 0) {
            notifyAll();
        }
    }

    /** Waits until no launch is being answered, or the bound ({@link #MAX_WAIT}) has passed. */
    synchronized void awaitAnswered() throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long left;
        while (answering > 0 && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
