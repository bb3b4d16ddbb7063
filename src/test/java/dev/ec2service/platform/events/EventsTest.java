package dev.ec2service.platform.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.tag.domain.TaggedResource;
import dev.ec2service.tag.service.TagService;
import dev.ec2service.testsupport.FreePorts;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.TestGuest;
import dev.ec2service.testsupport.TestKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/ws/events} with a real WebSocket client, watching a real VM go through its life. */
@QuarkusTest
class EventsTest {

    private static final Duration BOOT = Duration.ofSeconds(150);
    private static final Duration STEP = Duration.ofSeconds(120);

    @Inject
    Vertx vertx;

    @Inject
    DataHome home;

    @Inject
    TagService tags;

    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path tmp;

    @Test
    @DisplayName("a listener sees a key pair imported, an instance go pending -> running -> stopping -> stopped -> terminated with its address, tags and whether its forward listens, and host samples; a reconnect with after=N replays the same events, an unknown or stale number gets resync")
    void lifecycleReplayAndResync() throws Exception {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
        int port = base.getPort();
        List<String> numbered = new ArrayList<>();
        long hello;
        long last;
        String id;
        try (EventsClient events = EventsClient.connect(vertx, port, null, null)) {
            JsonNode first = events.await(m -> true, STEP);
            assertThat(first.path("type").asText()).isEqualTo("hello");
            hello = first.path("seq").asLong();

            TestKeys.store("events-key", TestKeys.generate(tmp, "events-key"));
            // a key left by an earlier run is deleted first: that event has no data
            JsonNode key = events.await(m -> is(m, "key_pair", "events-key") && !m.has("deleted"), STEP);
            assertThat(key.path("data").path("fingerprint").asText()).isNotBlank();

            int forwarded = FreePorts.one();
            id = Instances.create(Map.of("name", "events", "instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID,
                    "ssh_key_name", "events-key", "ports", List.of(Map.of("host", forwarded, "guest", 80))))
                    .getString("id");
            JsonNode pending = events.await(m -> is(m, "instance", id), STEP);
            assertThat(pending.path("data").path("status").asText()).isEqualTo("pending");
            assertThat(pending.path("data").path("name").asText()).isEqualTo("events");
            JsonNode running = events.await(m -> status(m, id, "running"), BOOT);
            assertThat(running.path("data").path("ip_address").asText()).startsWith("192.168.100.");

            tags.set(TaggedResource.INSTANCE, id, Map.of("team", "events"));
            JsonNode tagged = events.await(m -> is(m, "tags", id), STEP);
            assertThat(tagged.path("data").path("resource_type").asText()).isEqualTo("instance");
            assertThat(tagged.path("data").path("tags").path("team").asText()).isEqualTo("events");

            JsonNode sample = events.await(m -> m.path("type").asText().equals("host"), STEP);
            assertThat(sample.path("data").path("memory").path("total_bytes").asLong()).isPositive();
            assertThat(sample.path("data").path("instances").path("running").asLong()).isPositive();
            JsonNode health = events.await(m -> m.path("type").asText().equals("health"), STEP);
            assertThat(health.path("data").path("libvirt").path("connected").asBoolean()).isTrue();

            given().post("/api/instances/" + id + "/stop").then().statusCode(200);
            events.await(m -> status(m, id, "stopped"), STEP);
            JsonNode taggedNow = events.seen.get(events.seen.size() - 1);
            assertThat(taggedNow.path("data").path("tags").path("team").asText()).as("instance events carry the tags")
                    .isEqualTo("events");
            given().delete("/api/instances/" + id).then().statusCode(200);
            JsonNode terminated = events.await(m -> status(m, id, "terminated"), STEP);
            last = terminated.path("seq").asLong();

            List<String> statuses = new ArrayList<>();
            long previous = hello;
            for (JsonNode m : events.seen) {
                if (sample(m) || m.path("type").asText().equals("hello")) {
                    continue;
                }
                assertThat(m.path("seq").asLong()).as("numbers follow one another").isEqualTo(previous + 1);
                previous = m.path("seq").asLong();
                numbered.add(m.path("seq").asLong() + " " + m.path("type").asText() + " " + m.path("id").asText());
                if (is(m, "instance", id)) {
                    String s = m.path("data").path("status").asText();
                    // each change's own event says whether the forward listens: only while running (the page
                    // kept up to date by the feed hears of no other change to it); terminated has none left
                    JsonNode forward = m.path("data").path("ports").path(0);
                    if (!forward.isMissingNode()) {
                        assertThat(forward.path("listening").asBoolean()).as("listening in the %s event", s)
                                .isEqualTo(s.equals("running"));
                    }
                    if (statuses.isEmpty() || !statuses.get(statuses.size() - 1).equals(s)) {
                        statuses.add(s);
                    }
                }
            }
            assertThat(statuses).containsSubsequence("pending", "running", "stopping", "stopped", "shutting-down",
                    "terminated");
        }

        try (EventsClient replay = EventsClient.connect(vertx, port, "after=" + hello, null)) {
            JsonNode first = replay.await(m -> true, STEP);
            assertThat(first.path("type").asText()).isEqualTo("hello");
            assertThat(first.path("seq").asLong()).isEqualTo(hello);
            replay.await(m -> m.path("seq").asLong() >= last && !sample(m), STEP);
            List<String> replayed = replay.seen.stream().skip(1).filter(m -> !sample(m))
                    .map(m -> m.path("seq").asLong() + " " + m.path("type").asText() + " " + m.path("id").asText())
                    .toList();
            assertThat(replayed).as("the same events, in the same order, with the same numbers").isEqualTo(numbered);
        }

        for (String after : new String[] {"1", String.valueOf(last + 1_000_000), "yesterday"}) {
            try (EventsClient stale = EventsClient.connect(vertx, port, "after=" + after, null)) {
                JsonNode first = stale.await(m -> true, STEP);
                assertThat(first.path("type").asText()).as("after=%s", after).isEqualTo("resync");
                assertThat(first.path("seq").asLong()).isGreaterThanOrEqualTo(last);
            }
        }
    }

    @Test
    @DisplayName("the upgrade follows the Host and Origin rules: another site's page or a foreign Host is refused with 403")
    void crossSiteRefused() throws Exception {
        int port = base.getPort();
        assertThat(EventsClient.refusal(vertx, port, MultiMap.caseInsensitiveMultiMap()
                .add("Origin", "http://evil.example"))).isEqualTo(403);
        assertThat(EventsClient.refusal(vertx, port, MultiMap.caseInsensitiveMultiMap()
                .add("Origin", "http://localhost:" + (port + 1)))).as("another port is another origin").isEqualTo(403);
        assertThat(EventsClient.refusal(vertx, port, MultiMap.caseInsensitiveMultiMap()
                .add("Origin", "").add("Sec-Fetch-Site", "cross-site"))).as("a cross-site request without Origin")
                .isEqualTo(403);
        assertThat(EventsClient.refusal(vertx, port, MultiMap.caseInsensitiveMultiMap()
                .add("Host", "evil.example:" + port))).as("DNS rebinding").isEqualTo(403);
        assertThat(EventsClient.refusal(vertx, port, null)).as("the console's own origin").isEqualTo(-1);
    }

    /** A live sample (host figures, health, an instance's metrics): it carries the latest number and is never replayed. */
    private static boolean sample(JsonNode m) {
        return List.of("host", "health", "metrics").contains(m.path("type").asText());
    }

    private static boolean is(JsonNode m, String type, String id) {
        return m.path("type").asText().equals(type) && m.path("id").asText().equals(id);
    }

    private static boolean status(JsonNode m, String id, String status) {
        return is(m, "instance", id) && m.path("data").path("status").asText().equals(status);
    }
}
