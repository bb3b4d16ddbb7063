package dev.ec2service.platform.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The release's logic on its own; {@link SchedulerResumedTest} shows the service's scheduler resumed. */
class ScheduledJobsReleaseTest {

    @Test
    @DisplayName("the scheduled jobs are let run once, when the startup work has run")
    void releasedWhenTheWorkIsDone() throws Exception {
        StartupWork work = new StartupWork();
        CountDownLatch release = new CountDownLatch(1);
        work.add("libvirt", 100, () -> await(release));
        AtomicInteger resumes = new AtomicInteger();
        CountDownLatch resumed = launch(work, Duration.ofSeconds(30), resumes);
        assertThat(resumed.await(300, TimeUnit.MILLISECONDS)).as("not while the work runs").isFalse();

        release.countDown();
        assertThat(resumed.await(30, TimeUnit.SECONDS)).isTrue();
        work.done().get(30, TimeUnit.SECONDS);
        assertThat(resumes).hasValue(1);
    }

    @Test
    @DisplayName("a startup step that hangs holds the scheduled jobs back for the bound only")
    void releasedAfterTheBound() throws Exception {
        StartupWork work = new StartupWork();
        CountDownLatch hang = new CountDownLatch(1);
        work.add("libvirt", 100, () -> await(hang));
        AtomicInteger resumes = new AtomicInteger();
        long begin = System.nanoTime();
        CountDownLatch resumed = launch(work, Duration.ofMillis(500), resumes);

        assertThat(resumed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(work.finished()).isFalse();
        hang.countDown();
        work.done().get(30, TimeUnit.SECONDS);
        assertThat(resumes).as("once, not again when the work ends").hasValue(1);
    }

    /** Starts the work with a release of that bound that counts its resumes; the latch opens at the first. */
    private static CountDownLatch launch(StartupWork work, Duration bound, AtomicInteger resumes) {
        CountDownLatch resumed = new CountDownLatch(1);
        new ScheduledJobsRelease(work, () -> {
            resumes.incrementAndGet();
            resumed.countDown();
        }, bound).onStart(null);
        work.launch(null);
        return resumed;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
