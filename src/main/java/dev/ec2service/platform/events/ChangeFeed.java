package dev.ec2service.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The changes features commit, numbered and pushed to every listener of {@code /api/ws/events}.
 *
 * <p>A feature calls {@link #changed} or {@link #deleted} after it changed something: inside a transaction the
 * event waits for the commit (and is dropped on a rollback), outside one it goes at once. Each event gets the next
 * sequence number and stays in a bounded in-memory buffer, so a client that reconnects with the last number it saw
 * gets what it missed, or a {@code resync} message when that is no longer there. Numbers start at the service's
 * start time in milliseconds, so a number from an earlier run is always below this run's and is answered with
 * {@code resync}. Host samples ({@link #sample}) are live only: they carry the number of the latest event and
 * are never replayed.
 *
 * <p>Publishing never blocks on a client: each listener has its own bounded {@link ClientQueue}.
 */
@ApplicationScoped
public class ChangeFeed {

    /** One listener; closing it stops the messages. */
    public final class Subscription implements AutoCloseable {

        private final ClientQueue queue;

        private Subscription(ClientQueue queue) {
            this.queue = queue;
        }

        @Override
        public void close() {
            listeners.remove(this);
        }
    }

    private record Kept(long seq, String json) {
    }

    private final ObjectMapper json;
    private final TransactionSynchronizationRegistry transactions;
    private final int capacity;
    private final Deque<Kept> buffer = new ArrayDeque<>();
    private final Set<Subscription> listeners = ConcurrentHashMap.newKeySet();
    private long latest;

    ChangeFeed(ObjectMapper json, TransactionSynchronizationRegistry transactions, EventsConfig config) {
        this.json = json;
        this.transactions = transactions;
        this.capacity = Math.max(1, config.replayBuffer());
        this.latest = System.currentTimeMillis();
    }

    /** A resource changed (or was created); {@code data} is its state now, a record serialised as JSON. */
    public void changed(EventType type, String id, Object data) {
        afterCommit(() -> publish(type, id, null, data));
    }

    /** A resource was deleted. */
    public void deleted(EventType type, String id) {
        afterCommit(() -> publish(type, id, Boolean.TRUE, null));
    }

    /** A live-only message (a host sample) to the clients listening now; not numbered, not kept. */
    public void sample(EventType type, Object data) {
        sample(type, null, data);
    }

    /** A live-only message about one resource (an instance's metrics sample); not numbered, not kept. */
    public void sample(EventType type, String id, Object data) {
        if (listeners.isEmpty()) {
            return;
        }
        synchronized (this) {
            String text = write(new FeedEvent(latest, type.wire(), id, null, data, Instant.now()));
            if (text != null) {
                for (Subscription l : listeners) {
                    l.queue.offer(text);
                    // as for events: a client given up no longer counts as listening, so sampling can stop
                    if (l.queue.givenUp()) {
                        listeners.remove(l);
                    }
                }
            }
        }
    }

    /** Whether anyone listens (samples are only worth taking then). */
    public boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /** The number of the latest event. */
    public synchronized long latest() {
        return latest;
    }

    /**
     * Registers a listener. First it is sent {@code hello} carrying {@code after} followed by the events after
     * it, or when {@code after} is absent {@code hello} with the latest number, or when the events after it are
     * gone (or it is not a number this run gave) {@code resync} with the latest number; then every new event.
     * Nothing is lost or repeated between the replay and the live events: both happen under the feed's lock.
     */
    public synchronized Subscription subscribe(OptionalLong after, ClientQueue queue) {
        long oldest = buffer.isEmpty() ? latest + 1 : buffer.peekFirst().seq();
        // a replay longer than the client may queue would close it during the replay, and it would come back
        // with the same number again and again: it is better served by fetching everything once
        boolean replayable = after.isPresent() && after.getAsLong() >= oldest - 1 && after.getAsLong() <= latest
                && latest - after.getAsLong() < queue.capacity();
        if (after.isEmpty() || replayable) {
            long from = after.orElse(latest);
            queue.offer(write(new FeedEvent(from, EventType.HELLO.wire(), null, null, null, Instant.now())));
            for (Kept kept : buffer) {
                if (kept.seq() > from) {
                    queue.offer(kept.json());
                }
            }
        } else {
            queue.offer(write(new FeedEvent(latest, EventType.RESYNC.wire(), null, null, null, Instant.now())));
        }
        Subscription subscription = new Subscription(queue);
        listeners.add(subscription);
        return subscription;
    }

    /** The events kept for replay, oldest first (for tests and diagnostics). */
    synchronized List<String> kept() {
        return buffer.stream().map(Kept::json).toList();
    }

    private synchronized void publish(EventType type, String id, Boolean deleted, Object data) {
        long seq = latest + 1;
        String text = write(new FeedEvent(seq, type.wire(), id, deleted, data, Instant.now()));
        if (text == null) {
            return;
        }
        latest = seq;
        buffer.addLast(new Kept(seq, text));
        while (buffer.size() > capacity) {
            buffer.removeFirst();
        }
        for (Subscription l : listeners) {
            l.queue.offer(text);
            if (l.queue.givenUp()) {
                listeners.remove(l);
            }
        }
    }

    private String write(FeedEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            Log.warnf("event %s %s not sent: %s", event.type(), event.id(), e.getMessage());
            return null;
        }
    }

    /** Publishing is a side effect of a change already made: it must never fail the change. */
    private void afterCommit(Runnable publish) {
        Runnable guarded = () -> {
            try {
                publish.run();
            } catch (RuntimeException e) {
                Log.warnf(e, "an event could not be published");
            }
        };
        int status = transactions.getTransactionStatus();
        if (status == Status.STATUS_MARKED_ROLLBACK) {
            return; // the change will not be committed: there is nothing to announce
        }
        if (status != Status.STATUS_ACTIVE) {
            guarded.run();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    guarded.run();
                }
            }
        });
    }
}
