package dev.ec2service.platform.events;

import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The messages waiting for one client, sent one at a time: the next leaves when the socket took the previous.
 * {@link #offer} never blocks, so a publisher is never held up by a slow client; a client that lets more than
 * {@code max} messages pile up is given up ({@link Sink#overflow()}), once.
 */
public final class ClientQueue {

    /** Where the messages go: a WebSocket connection, or a test's list. */
    public interface Sink {

        /** Writes one text message; completes when the socket took it. */
        CompletionStage<?> send(String message);

        /** The client fell too far behind (or a send failed): close it; nothing more is sent. */
        void overflow();
    }

    private final Queue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean given = new AtomicBoolean();
    private final int max;
    private final Sink sink;

    public ClientQueue(int max, Sink sink) {
        this.max = max;
        this.sink = sink;
    }

    /** Queues a message and starts sending when nothing is in flight. */
    public void offer(String message) {
        if (given.get()) {
            return;
        }
        if (queued.incrementAndGet() > max) {
            giveUp();
            return;
        }
        pending.add(message);
        drain();
    }

    /** How many messages may wait for this client before it is given up. */
    public int capacity() {
        return max;
    }

    /** Whether the client was given up: it overflowed or a send failed. */
    public boolean givenUp() {
        return given.get();
    }

    private void drain() {
        while (!given.get() && !pending.isEmpty() && sending.compareAndSet(false, true)) {
            String next = pending.poll();
            if (next == null) {
                // another thread took it between the check and the flag; look again after releasing the flag
                sending.set(false);
                continue;
            }
            queued.decrementAndGet();
            sink.send(next).whenComplete((ok, failure) -> {
                sending.set(false);
                if (failure != null) {
                    giveUp();
                } else {
                    drain();
                }
            });
            return;
        }
    }

    private void giveUp() {
        if (given.compareAndSet(false, true)) {
            pending.clear();
            sink.overflow();
        }
    }
}
