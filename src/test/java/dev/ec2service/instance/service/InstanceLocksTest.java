package dev.ec2service.instance.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.error.Kind;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InstanceLocksTest {

    @Test
    @DisplayName("an action behind a stuck one is refused as busy after the wait instead of hanging")
    void waitIsBounded() throws Exception {
        InstanceLocks locks = new InstanceLocks(Duration.ofMillis(200));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = new Thread(() -> locks.withLock("i-00000001", () -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        stuck.start();
        held.await();
        try {
            assertThatThrownBy(() -> locks.withLock("i-00000001", () -> "never"))
                    .isInstanceOf(DomainException.class)
                    .satisfies(e -> assertThat(((DomainException) e).kind()).isEqualTo(Kind.CONFLICT))
                    .hasMessageContaining("i-00000001");
            assertThat(locks.withLock("i-00000002", () -> "other instances are not held up")).isNotNull();
        } finally {
            release.countDown();
            stuck.join();
        }
        assertThat(locks.withLock("i-00000001", () -> "free again")).isEqualTo("free again");
    }
}
