package dev.ec2service.platform.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StartupWorkTest {

    @Test
    @DisplayName("steps run in their order on the ec2-startup thread, pending lists what has not finished, a failed step "
            + "does not stop the rest, and scheduled jobs are skipped until all have run")
    void runsInOrder() throws Exception {
        StartupWork work = new StartupWork();
        StartupUnderWay underWay = new StartupUnderWay(work);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        work.add("libvirt", 100, () -> ran.add("libvirt"));
        work.add("images", 10, () -> {
            ran.add("images@" + Thread.currentThread().getName());
            holding.countDown();
            await(release);
        });
        work.add("broken", 20, () -> {
            throw new IllegalStateException("no such file");
        });
        work.add("qemu-access", 2, () -> ran.add("qemu-access"));
        assertThat(work.pending()).containsExactly("libvirt", "images", "broken", "qemu-access");

        work.launch(null);
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(work.pending()).containsExactly("images", "broken", "libvirt");
        assertThat(work.done()).isNotDone();
        assertThat(underWay.test(null)).as("scheduled runs are skipped").isTrue();
        assertThatThrownBy(() -> work.add("late", 1, () -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("late");

        release.countDown();
        work.done().get(30, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("qemu-access", "images@ec2-startup", "libvirt");
        assertThat(work.pending()).isEmpty();
        assertThat(underWay.test(null)).as("scheduled runs run again").isFalse();
    }

    @Test
    @DisplayName("a startup step that hangs holds the scheduled jobs back for the bound only")
    void skipsForTheBoundOnly() {
        StartupWork work = new StartupWork();
        work.add("libvirt", 100, () -> { });
        AtomicLong now = new AtomicLong(1_000);
        StartupUnderWay underWay = new StartupUnderWay(work, now::get);
        assertThat(underWay.test(null)).isTrue();
        now.addAndGet(StartupUnderWay.BOUND.toNanos() - 1);
        assertThat(underWay.test(null)).isTrue();
        now.addAndGet(1);
        assertThat(underWay.test(null)).isFalse();
        assertThat(underWay.test(null)).as("for good").isFalse();
    }

    @Test
    @DisplayName("with no steps the work is done at once")
    void nothingToDo() throws Exception {
        StartupWork work = new StartupWork();
        work.launch(null);
        work.done().get(30, TimeUnit.SECONDS);
        assertThat(work.pending()).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
