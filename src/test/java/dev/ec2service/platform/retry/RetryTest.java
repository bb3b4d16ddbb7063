package dev.ec2service.platform.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryTest {

    @Test
    @DisplayName("a failing step is tried again after the pause until it works")
    void retriesUntilItWorks() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> told = new ArrayList<>();
        String answer = Retry.on(IOException.class, 5).pause(n -> Duration.ofMillis(n))
                .onRetry((e, n, pause) -> told.add(e.getMessage() + "/" + n + "/" + pause.toMillis()))
                .run(() -> {
                    if (calls.incrementAndGet() < 3) {
                        throw new IOException("try " + calls.get());
                    }
                    return "ok";
                });
        assertThat(answer).isEqualTo("ok");
        assertThat(told).containsExactly("try 1/1/1", "try 2/2/2");
    }

    @Test
    @DisplayName("after the last attempt the give-up answer is thrown with the number of attempts made")
    void givesUpAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retry.on(IOException.class, 3)
                .onGiveUp((e, n) -> new IOException(e.getMessage() + " after " + n))
                .run(() -> {
                    calls.incrementAndGet();
                    throw new IOException("down");
                })).isInstanceOf(IOException.class).hasMessage("down after 3");
        assertThat(calls).hasValue(3);
    }

    @Test
    @DisplayName("a failure that is not retryable, or not of the retried type, ends at once")
    void otherFailuresPassThrough() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retry.on(IOException.class, 3).when(e -> !e.getMessage().equals("final"))
                .run(() -> {
                    calls.incrementAndGet();
                    throw new IOException("final");
                })).hasMessage("final");
        assertThat(calls).hasValue(1);
        assertThatThrownBy(() -> Retry.on(IOException.class, 3).run(() -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bug");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).hasValue(2);
    }
}
