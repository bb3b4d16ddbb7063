package dev.ec2service.platform.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StartupWorkTest {

    @Test
    @DisplayName("steps run in their order on the ec2-startup thread, pending lists what has not finished, a failed step does not stop the rest")
    void runsInOrder() throws Exception {
        StartupWork work = new StartupWork();
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
        assertThatThrownBy(() -> work.add("late", 1, () -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("late");

        release.countDown();
        work.done().get(30, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("qemu-access", "images@ec2-startup", "libvirt");
        assertThat(work.pending()).isEmpty();
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
