package dev.ec2service.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The feed's numbering, replay, resync and slow-client rules as plain logic (no transaction, no socket). */
class ChangeFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    record Data(String status) {
    }

    /** A client whose socket takes every message at once. */
    static final class Recorder implements ClientQueue.Sink {
        final List<JsonNode> messages = new ArrayList<>();
        boolean overflowed;

        @Override
        public CompletionStage<?> send(String message) {
            try {
                messages.add(JSON.readTree(message));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void overflow() {
            overflowed = true;
        }

        List<String> types() {
            return messages.stream().map(m -> m.path("type").asText()).toList();
        }
    }

    private static ChangeFeed feed(int buffer) {
        return new ChangeFeed(JSON, new NoTransaction(), new EventsConfig() {
            @Override
            public int replayBuffer() {
                return buffer;
            }

            @Override
            public int maxQueuedPerClient() {
                return 3;
            }

            @Override
            public Duration hostSampleInterval() {
                return Duration.ofSeconds(5);
            }
        });
    }

    @Test
    @DisplayName("events are numbered one after another and pushed with type, id and data; hello carries the latest number")
    void liveEvents() {
        ChangeFeed feed = feed(10);
        Recorder client = new Recorder();
        long start = feed.latest();
        feed.subscribe(OptionalLong.empty(), new ClientQueue(10, client));
        feed.changed(EventType.INSTANCE, "i-00000001", new Data("running"));
        feed.deleted(EventType.KEY_PAIR, "k");
        assertThat(client.types()).containsExactly("hello", "instance", "key_pair");
        assertThat(client.messages.get(0).path("seq").asLong()).isEqualTo(start);
        assertThat(client.messages.get(1).path("seq").asLong()).isEqualTo(start + 1);
        assertThat(client.messages.get(1).path("id").asText()).isEqualTo("i-00000001");
        assertThat(client.messages.get(1).path("data").path("status").asText()).isEqualTo("running");
        assertThat(client.messages.get(2).path("deleted").asBoolean()).isTrue();
        assertThat(client.messages.get(2).has("data")).isFalse();
    }

    @Test
    @DisplayName("a client that says the last number it saw gets what came after it, then live events")
    void replay() {
        ChangeFeed feed = feed(10);
        long start = feed.latest();
        for (int n = 1; n <= 4; n++) {
            feed.changed(EventType.INSTANCE, "i-" + n, new Data("pending"));
        }
        Recorder client = new Recorder();
        feed.subscribe(OptionalLong.of(start + 2), new ClientQueue(10, client));
        feed.changed(EventType.IMAGE, "img", new Data("available"));
        assertThat(client.types()).containsExactly("hello", "instance", "instance", "image");
        assertThat(client.messages.stream().map(m -> m.path("seq").asLong()).toList())
                .containsExactly(start + 2, start + 3, start + 4, start + 5);
    }

    @Test
    @DisplayName("a number older than the buffer, from another run, or from the future is answered with resync")
    void resync() {
        ChangeFeed feed = feed(2);
        long start = feed.latest();
        for (int n = 1; n <= 5; n++) {
            feed.changed(EventType.INSTANCE, "i-" + n, new Data("pending"));
        }
        for (long after : new long[] {start, start + 2, 1, start + 99, -1}) {
            Recorder client = new Recorder();
            feed.subscribe(OptionalLong.of(after), new ClientQueue(10, client));
            assertThat(client.types()).as("after=%d", after).containsExactly("resync");
            assertThat(client.messages.get(0).path("seq").asLong()).isEqualTo(start + 5);
        }
        Recorder client = new Recorder();
        feed.subscribe(OptionalLong.of(start + 3), new ClientQueue(10, client));
        assertThat(client.types()).as("the oldest number still replayable").containsExactly("hello", "instance", "instance");
    }

    @Test
    @DisplayName("a replay longer than the client may queue is a resync, not a close in mid-replay that the client would repeat")
    void replayLongerThanTheQueue() {
        ChangeFeed feed = feed(10);
        long start = feed.latest();
        for (int n = 1; n <= 6; n++) {
            feed.changed(EventType.INSTANCE, "i-" + n, new Data("pending"));
        }
        Recorder behind = new Recorder();
        feed.subscribe(OptionalLong.of(start), new ClientQueue(3, behind));
        assertThat(behind.types()).containsExactly("resync");
        assertThat(behind.overflowed).isFalse();
        Recorder near = new Recorder();
        feed.subscribe(OptionalLong.of(start + 4), new ClientQueue(3, near));
        assertThat(near.types()).containsExactly("hello", "instance", "instance");
    }

    @Test
    @DisplayName("host samples reach the clients listening now, carry the latest number and are not replayed")
    void samples() {
        ChangeFeed feed = feed(10);
        long start = feed.latest();
        feed.sample(EventType.HOST, Map.of("cpu", 1));
        Recorder client = new Recorder();
        feed.subscribe(OptionalLong.empty(), new ClientQueue(10, client));
        assertThat(feed.hasListeners()).isTrue();
        feed.sample(EventType.HOST, Map.of("cpu", 2));
        assertThat(client.types()).containsExactly("hello", "host");
        assertThat(client.messages.get(1).path("seq").asLong()).isEqualTo(start);
        assertThat(feed.kept()).isEmpty();
    }

    @Test
    @DisplayName("a client whose socket does not take messages is given up past its queue; publishing goes on for the others")
    void slowClient() {
        ChangeFeed feed = feed(10);
        boolean[] overflowed = {false};
        ClientQueue stuck = new ClientQueue(3, new ClientQueue.Sink() {
            @Override
            public CompletionStage<?> send(String message) {
                return new CompletableFuture<>(); // never written
            }

            @Override
            public void overflow() {
                overflowed[0] = true;
            }
        });
        ChangeFeed.Subscription slow = feed.subscribe(OptionalLong.empty(), stuck);
        Recorder fast = new Recorder();
        feed.subscribe(OptionalLong.empty(), new ClientQueue(10, fast));
        for (int n = 1; n <= 5; n++) {
            feed.changed(EventType.INSTANCE, "i-" + n, new Data("pending"));
        }
        assertThat(overflowed[0]).isTrue();
        assertThat(stuck.givenUp()).isTrue();
        assertThat(fast.types()).hasSize(6);
        slow.close();
    }

    @Test
    @DisplayName("an event published inside a transaction waits for the commit and is dropped on a rollback")
    void afterCommit() {
        NoTransaction tx = new NoTransaction();
        ChangeFeed feed = new ChangeFeed(JSON, tx, new EventsConfig() {
            @Override
            public int replayBuffer() {
                return 10;
            }

            @Override
            public int maxQueuedPerClient() {
                return 10;
            }

            @Override
            public Duration hostSampleInterval() {
                return Duration.ofSeconds(5);
            }
        });
        Recorder client = new Recorder();
        feed.subscribe(OptionalLong.empty(), new ClientQueue(10, client));
        tx.status = Status.STATUS_ACTIVE;
        feed.changed(EventType.INSTANCE, "committed", new Data("running"));
        feed.changed(EventType.INSTANCE, "rolled-back", new Data("running"));
        assertThat(client.types()).containsExactly("hello");
        tx.status = Status.STATUS_NO_TRANSACTION;
        tx.synchronizations.get(0).afterCompletion(Status.STATUS_COMMITTED);
        tx.synchronizations.get(1).afterCompletion(Status.STATUS_ROLLEDBACK);
        assertThat(client.types()).containsExactly("hello", "instance");
        assertThat(client.messages.get(1).path("id").asText()).isEqualTo("committed");
        // a transaction already doomed announces nothing, not even at once
        tx.status = Status.STATUS_MARKED_ROLLBACK;
        feed.changed(EventType.INSTANCE, "doomed", new Data("running"));
        tx.status = Status.STATUS_NO_TRANSACTION;
        assertThat(client.types()).containsExactly("hello", "instance");
        assertThat(tx.synchronizations).hasSize(2);
    }

    /** Just enough of a transaction manager: a status and the synchronizations registered. */
    static final class NoTransaction implements TransactionSynchronizationRegistry {
        int status = Status.STATUS_NO_TRANSACTION;
        final List<Synchronization> synchronizations = new ArrayList<>();

        @Override
        public Object getTransactionKey() {
            return null;
        }

        @Override
        public void putResource(Object key, Object value) {
        }

        @Override
        public Object getResource(Object key) {
            return null;
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            synchronizations.add(sync);
        }

        @Override
        public int getTransactionStatus() {
            return status;
        }

        @Override
        public void setRollbackOnly() {
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    }
}
