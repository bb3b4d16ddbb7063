package dev.ec2service.terminal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.error.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The terminal limits as logic (the real path: TerminalTest.limits). */
class TerminalLimitsTest {

    @Test
    @DisplayName("per instance and in total: the slot beyond a limit is refused with a 429 naming the setting; a released slot can be taken again")
    void limits() {
        TerminalLimits limits = new TerminalLimits(2, 3);
        limits.reserve("i-a");
        limits.reserve("i-a");
        assertThatThrownBy(() -> limits.reserve("i-a")).isInstanceOf(DomainException.class)
                .hasMessageContaining("instance i-a has 2 terminals open").hasMessageContaining("max-per-instance")
                .satisfies(e -> assertThat(((DomainException) e).kind()).isEqualTo(Kind.TOO_MANY));
        limits.reserve("i-b");
        assertThatThrownBy(() -> limits.check("i-c")).hasMessageContaining("max-total");
        assertThat(limits.total()).isEqualTo(3);
        limits.release("i-a");
        limits.check("i-c");
        limits.reserve("i-a");
        assertThat(limits.of("i-a")).isEqualTo(2);
        limits.release("i-a");
        limits.release("i-a");
        limits.release("i-b");
        assertThat(limits.total()).isZero();
        assertThat(limits.of("i-a")).isZero();
        assertThatThrownBy(() -> limits.release("i-a")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("many clients reserving at once never get more slots than the limit")
    void concurrent() throws Exception {
        TerminalLimits limits = new TerminalLimits(4, 32);
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    limits.reserve("i-a");
                    granted.incrementAndGet();
                } catch (DomainException e) {
                    // refused, as expected for all but four
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(granted.get()).isEqualTo(4);
        assertThat(limits.of("i-a")).isEqualTo(4);
    }
}
