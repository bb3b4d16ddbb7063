package dev.ec2service.instance.service;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The order of a launch burst's work (pure logic): provisioning waits while launches are being answered, and no
 * longer than its bound. Every launch in the real-environment tests goes through it (InstanceLauncher).
 */
class LaunchAnswersTest {

    /** Only a guard against a hang: nothing here depends on how long a step takes. */
    private static final Duration HANG = Duration.ofSeconds(60);

    @Test
    void provisioningGoesOnAtOnceWhenNoLaunchIsBeingAnswered() {
        LaunchAnswers answers = new LaunchAnswers(Duration.ofHours(1));
        answers.begin();
        answers.end();
        assertTimeoutPreemptively(HANG, answers::awaitAnswered);
    }

    @Test
    void provisioningWaitsUntilTheLastAnswerIsGiven() throws Exception {
        LaunchAnswers answers = new LaunchAnswers(Duration.ofHours(1));
        answers.begin();
        answers.begin();
        Thread provisioning = new Thread(() -> {
            try {
                answers.awaitAnswered();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        provisioning.start();
        awaitWaiting(provisioning);
        answers.end();
        // one answer is still being given: the provisioning is still waiting on the answers
        assertTrue(provisioning.isAlive(), "provisioning went on while a launch was still being answered");
        answers.end();
        provisioning.join(HANG.toMillis());
        assertTrue(!provisioning.isAlive(), "provisioning still waits although every launch was answered");
    }

    @Test
    void aLaunchNeverAnsweredHoldsProvisioningOnlyForTheBound() {
        LaunchAnswers answers = new LaunchAnswers(Duration.ofMillis(20));
        answers.begin();
        assertTimeoutPreemptively(HANG, answers::awaitAnswered);
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long until = System.nanoTime() + HANG.toNanos();
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < until && thread.isAlive(), "the provisioning thread never waited");
            Thread.sleep(1);
        }
    }
}
