package dev.ec2service.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client of {@code /api/ws/events} (Vert.x): every text frame, parsed, in arrival order. */
final class EventsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocketClient client;
    private final LinkedBlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
    /** Every message taken so far by {@link #await}, in order. */
    final List<JsonNode> seen = new ArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private EventsClient(WebSocketClient client, WebSocket socket) {
        this.client = client;
        socket.textMessageHandler(text -> {
            try {
                incoming.add(JSON.readTree(text));
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + text, e);
            }
        });
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode() == null ? -1 : (int) socket.closeStatusCode()));
    }

    /** Connects as the console would: Host and Origin of the service itself unless headers say otherwise. */
    static EventsClient connect(Vertx vertx, int port, String query, MultiMap headers) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/api/ws/events" + (query == null ? "" : "?" + query))
                .addHeader("Host", "localhost:" + port).addHeader("Origin", "http://localhost:" + port);
        if (headers != null) {
            headers.forEach((name, value) -> options.putHeader(name, value));
            headers.names().stream().filter(n -> headers.get(n).isEmpty()).forEach(options::removeHeader);
        }
        // without an Origin of ours Vert.x would add its own (http://127.0.0.1:<port>); with one it sends ours
        options.setAllowOriginHeader(options.getHeaders().contains("Origin"));
        // handlers attached in the task that completes the handshake, so no early frame is dropped
        CompletableFuture<EventsClient> opened = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> client.connect(options).onComplete(result -> {
            if (result.succeeded()) {
                opened.complete(new EventsClient(client, result.result()));
            } else {
                opened.completeExceptionally(result.cause());
            }
        }));
        try {
            return opened.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    /** The HTTP status of a refused upgrade, or -1 when it was accepted. */
    static int refusal(Vertx vertx, int port, MultiMap headers) throws Exception {
        try (EventsClient c = connect(vertx, port, null, headers)) {
            return -1;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw e;
        }
    }

    /** The next message matching {@code wanted}; the ones before it are kept in {@link #seen} too. */
    JsonNode await(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode next = incoming.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no matching message within " + timeout + "; seen: " + seen);
            }
            seen.add(next);
            if (wanted.test(next)) {
                return next;
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
