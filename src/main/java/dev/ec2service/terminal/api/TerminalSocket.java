package dev.ec2service.terminal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.terminal.service.TerminalSession;
import dev.ec2service.terminal.service.TerminalSessions;
import dev.ec2service.terminal.service.TerminalTarget;
import dev.ec2service.terminal.service.TerminalTargets;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * {@code WS /api/ws/terminal/{id}?cols=80&rows=24}: a shell on the instance over SSH (REQ-TERM-001..012).
 *
 * <p>Protocol: client to server, keystrokes as binary frames (raw UTF-8; text frames that are not control
 * messages are taken as input too) and control messages as JSON text frames
 * {@code {"type":"resize","cols":N,"rows":M}}. Server to client, terminal output as binary frames of raw
 * bytes. The end of the SSH session closes the socket with 1000 and a reason such as
 * {@code session ended (exit status 0)}; a failure to connect closes it with 1011 and what failed; a
 * terminal over the limits that got past the upgrade check closes with 1013.
 *
 * <p>Every method returns void and so runs on a worker thread: writing to SSH can block. Opening does
 * not wait for the guest (see {@link TerminalSession}); keystrokes typed meanwhile are held for the shell.
 */
@WebSocket(path = "/api/ws/terminal/{id}", endpointId = TerminalSocket.ENDPOINT_ID)
public class TerminalSocket {

    static final String ENDPOINT_ID = "terminal";
    static final int DEFAULT_COLS = 80;
    static final int DEFAULT_ROWS = 24;
    /** The initial size from the query ({@code ?cols=80&rows=24}), read at the upgrade by {@link #initialSize}. */
    static final UserData.TypedKey<Integer> COLS = UserData.TypedKey.forInt("ec2.terminal.cols");
    static final UserData.TypedKey<Integer> ROWS = UserData.TypedKey.forInt("ec2.terminal.rows");
    private static final int MAX_SIZE = 10_000;

    private final TerminalSessions sessions;
    private final TerminalTargets targets;
    private final ObjectMapper json;

    TerminalSocket(TerminalSessions sessions, TerminalTargets targets, ObjectMapper json) {
        this.sessions = sessions;
        this.targets = targets;
        this.json = json;
    }

    /**
     * Registers the terminal and starts connecting without waiting for the guest. websockets-next runs
     * this endpoint's callbacks one at a time per connection ({@code InboundProcessingMode.SERIAL}), so
     * every keystroke and {@code @OnClose} comes after this method and finds the session registered.
     */
    @OnOpen
    void open(WebSocketConnection connection) {
        TerminalTarget target = connection.userData().get(TerminalUpgradeCheck.TARGET);
        try {
            if (target == null) {
                target = targets.resolve(connection.pathParam("id"));
            }
            Integer cols = connection.userData().get(COLS);
            Integer rows = connection.userData().get(ROWS);
            sessions.open(connection.id(), target, cols == null ? DEFAULT_COLS : cols,
                    rows == null ? DEFAULT_ROWS : rows, client(connection));
        } catch (DomainException e) {
            if (TerminalRefusals.isFailure(e)) {
                // libvirt or the host failed us: the operator may need to act, as in the REST answer
                Log.warnf(e, "%s: terminal failed", connection.pathParam("id"));
                connection.closeAndAwait(new CloseReason(TerminalSession.INTERNAL_ERROR,
                        reason("terminal failed: " + e.getMessage())));
                return;
            }
            // a limit reached since the upgrade check (1013 Try Again Later), or the instance changed
            int code = TerminalRefusals.closeCode(e);
            Log.infof("%s: terminal refused: %s", connection.pathParam("id"), e.getMessage());
            connection.closeAndAwait(new CloseReason(code, reason(e.getMessage())));
        } catch (RuntimeException e) {
            Log.warnf(e, "%s: terminal failed", connection.pathParam("id"));
            connection.closeAndAwait(new CloseReason(TerminalSession.INTERNAL_ERROR, reason("terminal failed: " + e.getMessage())));
        }
    }

    @OnBinaryMessage
    void input(WebSocketConnection connection, Buffer bytes) throws IOException {
        TerminalSession session = sessions.find(connection.id()).orElse(null);
        if (session != null) {
            session.write(bytes.getBytes());
        }
    }

    @OnTextMessage
    void text(WebSocketConnection connection, String text) throws IOException {
        TerminalSession session = sessions.find(connection.id()).orElse(null);
        if (session == null) {
            return;
        }
        JsonNode control = control(text);
        if (control == null) {
            session.write(text.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if ("resize".equals(control.path("type").asText())) {
            int cols = control.path("cols").asInt(0);
            int rows = control.path("rows").asInt(0);
            if (cols > 0 && rows > 0 && cols <= MAX_SIZE && rows <= MAX_SIZE) {
                session.resize(cols, rows);
            }
        } else {
            Log.debugf("%s: unknown terminal control message %s ignored", session.instanceId(), control.path("type"));
        }
    }

    @OnClose
    void close(WebSocketConnection connection) {
        sessions.clientClosed(connection.id());
    }

    @OnError
    void error(WebSocketConnection connection, Throwable failure) {
        Log.warnf("%s: terminal error: %s", connection.pathParam("id"), failure.getMessage());
    }

    /** A JSON object with a string {@code type}, or null when the text is keystrokes. */
    private JsonNode control(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            return null;
        }
        try {
            JsonNode node = json.readTree(trimmed);
            return node != null && node.isObject() && node.path("type").isTextual() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static TerminalSession.Client client(WebSocketConnection connection) {
        return new TerminalSession.Client() {
            @Override
            public CompletionStage<Void> sendBinary(byte[] bytes) {
                return connection.sendBinary(Buffer.buffer(bytes)).subscribeAsCompletionStage();
            }

            @Override
            public void close(int code, String reason) {
                if (connection.isOpen()) {
                    connection.close(new CloseReason(code, reason)).subscribe().with(ok -> {
                    }, failure -> Log.debugf("closing terminal socket: %s", failure.getMessage()));
                }
            }
        };
    }

    static int size(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            return n > 0 && n <= MAX_SIZE ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * Keeps the initial terminal size the client asked for in the upgrade request's query, decoded by Vert.x,
     * in the connection's user data; a missing or nonsensical value leaves the default.
     */
    static void initialSize(HttpUpgradeCheck.HttpUpgradeContext upgrade) {
        HttpServerRequest request = upgrade.httpRequest();
        upgrade.userData().put(COLS, size(request.getParam("cols"), DEFAULT_COLS));
        upgrade.userData().put(ROWS, size(request.getParam("rows"), DEFAULT_ROWS));
    }

    private static String reason(String message) {
        String text = message == null ? "terminal failed" : message;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= 123 ? text : new String(bytes, 0, 120, StandardCharsets.UTF_8).replaceAll("\uFFFD$", "") + "...";
    }
}
