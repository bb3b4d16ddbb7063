package dev.ec2service.platform.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Runs a blocking step again when it fails in a way that may pass: up to a number of attempts, with a pause
 * between two attempts that may grow with the attempt number. Which failures are worth another attempt, how
 * long to pause, what to say before pausing and what to throw on giving up are the caller's; the loop is this.
 *
 * <pre>{@code
 * Retry.on(DownloadException.class, 3).when(DownloadException::retryable).pause(n -> Duration.ofSeconds(5))
 *         .run(() -> fetch(url));
 * }</pre>
 *
 * @param <E> the failure an attempt may end with; other exceptions pass through at once
 */
public final class Retry<E extends Exception> {

    /** One attempt. */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run() throws E, InterruptedException;
    }

    /** Told about a failed attempt that is followed by another one, before the pause. */
    @FunctionalInterface
    public interface Listener<E> {
        void retrying(E failure, int attempt, Duration pause);
    }

    private final Class<E> failure;
    private final int attempts;
    private Predicate<? super E> retryable = e -> true;
    private IntFunction<Duration> pause = n -> Duration.ZERO;
    private Listener<? super E> listener = (e, n, p) -> {
    };
    private BiFunction<? super E, Integer, ? extends E> giveUp = (e, n) -> e;

    private Retry(Class<E> failure, int attempts) {
        this.failure = Objects.requireNonNull(failure);
        this.attempts = Math.max(1, attempts);
    }

    /** Retries failures of type {@code failure}, at most {@code attempts} attempts in all (at least one). */
    public static <E extends Exception> Retry<E> on(Class<E> failure, int attempts) {
        return new Retry<>(failure, attempts);
    }

    /** Only failures that pass {@code retryable} get another attempt; others are given up on at once. */
    public Retry<E> when(Predicate<? super E> retryable) {
        this.retryable = Objects.requireNonNull(retryable);
        return this;
    }

    /** The pause after failed attempt {@code n} (1 for the first); asked once per pause. Default none. */
    public Retry<E> pause(IntFunction<Duration> pauseAfter) {
        this.pause = Objects.requireNonNull(pauseAfter);
        return this;
    }

    /** Called before each pause, e.g. to log the failure and the attempt number. */
    public Retry<E> onRetry(Listener<? super E> listener) {
        this.listener = Objects.requireNonNull(listener);
        return this;
    }

    /**
     * What is thrown when no further attempt is made, from the last failure and the number of attempts made.
     * Default: the last failure itself.
     */
    public Retry<E> onGiveUp(BiFunction<? super E, Integer, ? extends E> giveUp) {
        this.giveUp = Objects.requireNonNull(giveUp);
        return this;
    }

    /**
     * Runs {@code attempt} until it returns, fails with something that is not a retryable {@code E}, or has used
     * all attempts. An interrupt during a pause ends the retries with {@link InterruptedException}.
     */
    public <T> T run(Attempt<T, ? extends E> attempt) throws E, InterruptedException {
        for (int n = 1;; n++) {
            E failed;
            try {
                return attempt.run();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (!failure.isInstance(e)) {
                    // an attempt declares only E and InterruptedException, so anything else is unchecked
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
                failed = failure.cast(e);
            }
            if (n >= attempts || !retryable.test(failed)) {
                throw giveUp.apply(failed, n);
            }
            Duration wait = pause.apply(n);
            listener.retrying(failed, n, wait);
            Thread.sleep(Math.max(0, wait.toMillis()));
        }
    }
}
