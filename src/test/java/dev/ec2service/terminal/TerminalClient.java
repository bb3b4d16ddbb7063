package dev.ec2service.terminal;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * A real WebSocket client of the terminal (Vert.x): collects the binary output frames as raw bytes
 * (decoded only when asked, so split UTF-8 is caught), counts pings, records the close frame.
 */
final class TerminalClient implements AutoCloseable {

    /** Output kept in full up to this size; beyond it only statistics and a tail are kept. */
    private static final int KEEP = 4 * 1024 * 1024;

    final WebSocket socket;
    private final WebSocketClient client;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final StringBuilder tail = new StringBuilder();
    private long bytes;
    private long textFrames;
    private long run;
    private long longestRun;
    private final AtomicInteger pings = new AtomicInteger();
    final CompletableFuture<Close> closed = new CompletableFuture<>();

    record Close(int code, String reason) {
    }

    private TerminalClient(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.frameHandler(frame -> {
            if (frame.isPing()) {
                pings.incrementAndGet();
            } else if (frame.isText()) {
                synchronized (this) {
                    textFrames++;
                }
            } else if (frame.isBinary() || frame.isContinuation()) {
                receive(frame.binaryData());
            }
        });
        socket.closeHandler(v -> closed.complete(new Close(socket.closeStatusCode() == null ? -1 : socket.closeStatusCode(),
                socket.closeReason())));
    }

    static TerminalClient connect(Vertx vertx, int port, String path, String origin) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path)
                .addHeader("Host", "localhost:" + port);
        if (origin != null) {
            options.addHeader("Origin", origin);
        } else {
            // Vert.x would send Origin http://127.0.0.1:<port>, which is not the origin of Host localhost:<port>
            options.setAllowOriginHeader(false);
        }
        // Handlers are attached on the event loop in the task that completes the handshake: attached later
        // from this thread, a frame (the server's first output, or its close) could arrive before them and be
        // dropped by Vert.x, the client-side twin of the server race TerminalUpgradeCheck avoids.
        CompletableFuture<TerminalClient> opened = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> client.connect(options).onComplete(result -> {
            if (result.succeeded()) {
                try {
                    opened.complete(new TerminalClient(client, result.result()));
                } catch (RuntimeException e) {
                    opened.completeExceptionally(e);
                }
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

    /** The HTTP status a refused upgrade answered, or -1 when the upgrade was accepted. */
    static int refusal(Vertx vertx, int port, String path, String origin) throws Exception {
        try (TerminalClient c = connect(vertx, port, path, origin)) {
            return -1;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw e;
        }
    }

    private synchronized void receive(Buffer frame) {
        byte[] data = frame.getBytes();
        bytes += data.length;
        if (output.size() < KEEP) {
            output.write(data, 0, data.length);
        }
        for (byte b : data) {
            if (b == 'a') {
                run++;
                longestRun = Math.max(longestRun, run);
            } else {
                run = 0;
            }
        }
        tail.append(new String(data, StandardCharsets.ISO_8859_1));
        if (tail.length() > 8192) {
            tail.delete(0, tail.length() - 8192);
        }
    }

    void type(String keys) {
        socket.writeBinaryMessage(Buffer.buffer(keys.getBytes(StandardCharsets.UTF_8)))
                .toCompletionStage().toCompletableFuture().join();
    }

    void control(String json) {
        socket.writeTextMessage(json).toCompletionStage().toCompletableFuture().join();
    }

    /** Everything received so far, decoded as UTF-8 only now. */
    synchronized String text() {
        return output.toString(StandardCharsets.UTF_8);
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long longestRunOfA() {
        return longestRun;
    }

    synchronized long textFrames() {
        return textFrames;
    }

    /** The last bytes received, each byte as one char. */
    synchronized String tail() {
        return tail.toString();
    }

    int pings() {
        return pings.get();
    }

    /** Waits until the output contains {@code expected}; answers the output. */
    String await(String expected, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .until(() -> text().contains(expected) || closed.isDone());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no '" + expected + "' within " + timeout + "; " + bytes() + " bytes received: " + text());
        }
        String text = text();
        if (!text.contains(expected)) {
            throw new AssertionError("terminal closed (" + closed.getNow(null) + ") before showing '" + expected
                    + "'; output was: " + text);
        }
        return text;
    }

    String await(String expected) {
        return await(expected, Duration.ofSeconds(20));
    }

    Close awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            if (!closed.isDone()) {
                socket.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // already gone
        } finally {
            client.close();
        }
    }
}
