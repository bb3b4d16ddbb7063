package dev.ec2service.terminal.service;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.SocketFactory;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * One terminal: an SSH session with a PTY and a shell, relayed to one WebSocket client.
 *
 * <p>Opening never holds a thread while the guest is unreachable: each attempt to reach its SSH server
 * runs on a worker and a guest that is still booting gets the next attempt from a timer. Keystrokes
 * that arrive meanwhile are held by {@link ShellInput} and reach the shell first, in order.
 *
 * <p>Output is pumped by a dedicated reader thread as raw bytes, never decoded, so a UTF-8 sequence
 * split across reads reaches the client intact. The reader pauses while more than
 * {@link TerminalConfig#maxBytesInFlight()} bytes are sent but not yet written to the client's socket
 * (back-pressure); SSH's own flow control then stops the guest.
 *
 * <p>However a session ends (client gone, instance stopping, shell exited, connect failed), its SSH
 * connection is disconnected and {@link Listener#ended} runs exactly once, by whichever of the connect
 * attempts or the reader is the last to hold the connection.
 */
public final class TerminalSession {

    /** The WebSocket side, as the session sees it. */
    public interface Client {

        /** Sends one binary frame; the stage completes once it is written to the client's socket. */
        CompletionStage<Void> sendBinary(byte[] bytes);

        /** Closes the WebSocket with a close code and reason. */
        void close(int code, String reason);
    }

    /** Where the blocking steps of opening run. */
    public interface Scheduler {

        /** Runs a blocking task on a worker thread. */
        void run(Runnable task);

        /** Runs a blocking task on a worker thread after {@code delay}; no thread waits meanwhile. */
        void later(Duration delay, Runnable task);
    }

    /** What the registry of sessions learns from one session. */
    interface Listener {

        void sshConnected();

        void sshDisconnected();

        /** The session holds nothing any more: no SSH connection, no reader, no pending attempt. Called once. */
        void ended(TerminalSession session);
    }

    public static final int NORMAL_CLOSURE = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int POLICY_VIOLATION = 1008;
    public static final int INTERNAL_ERROR = 1011;
    public static final int TRY_AGAIN_LATER = 1013;
    /** A close frame's reason holds at most 123 bytes of UTF-8. */
    static final int MAX_REASON_BYTES = 123;
    /** Pause between attempts to reach a guest that is still booting. */
    static final Duration BOOT_RETRY = Duration.ofSeconds(1);

    private final String connectionId;
    private final TerminalTarget target;
    private final TerminalConfig config;
    private final HostKeys.Verifier verifier;
    private final Client client;
    private final Scheduler scheduler;
    private final Listener listener;

    private final Object flow = new Object();
    private long inFlight;
    private long highWater;
    private long bytesOut;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final ShellInput input;

    /** The PTY size: the requested one until the shell exists, then the one last sent. Guarded by itself. */
    private final int[] size = new int[2];
    private Session.Shell shell;

    /** The connection of the current attempt, or the open one; {@code counted} while the listener knows it. */
    private SSHClient ssh;
    private boolean counted;
    private long deadline;

    TerminalSession(String connectionId, TerminalTarget target, TerminalConfig config, HostKeys.Verifier verifier,
            Client client, Scheduler scheduler, Listener listener) {
        this.connectionId = connectionId;
        this.target = target;
        this.config = config;
        this.verifier = verifier;
        this.client = client;
        this.scheduler = scheduler;
        this.listener = listener;
        this.input = new ShellInput(config.maxPendingInputBytes());
    }

    public String connectionId() {
        return connectionId;
    }

    public String instanceId() {
        return target.instanceId();
    }

    /** Most bytes ever in flight towards the client at once. */
    public long highWater() {
        synchronized (flow) {
            return highWater;
        }
    }

    /** Bytes of terminal output sent to the WebSocket but not yet written to the client's socket. */
    public long inFlight() {
        synchronized (flow) {
            return inFlight;
        }
    }

    /** Bytes of terminal output handed to the WebSocket so far. */
    public long bytesOut() {
        synchronized (flow) {
            return bytesOut;
        }
    }

    /** The shell is there and keystrokes go straight to it. */
    public boolean isOpen() {
        return input.attached() && !closed.get();
    }

    /** Starts connecting (REQ-TERM-002); returns at once. Failures close the socket with 1011 and what failed. */
    void start(int cols, int rows) {
        synchronized (size) {
            size[0] = cols;
            size[1] = rows;
        }
        deadline = System.nanoTime() + config.bootWait().toNanos();
        scheduler.run(this::attempt);
    }

    /** One try to reach the guest's SSH server, on a worker; a guest still booting gets another try later. */
    private void attempt() {
        SSHClient candidate;
        synchronized (this) {
            if (closed.get()) {
                finish();
                return;
            }
            candidate = newClient();
            ssh = candidate;
        }
        try {
            candidate.connect(target.address(), target.port());
        } catch (IOException | RuntimeException e) {
            closeQuietly(candidate);
            if (closed.get()) {
                finish();
            } else if (stillBooting(e) && verifier.mismatch().isEmpty() && System.nanoTime() < deadline) {
                scheduler.later(BOOT_RETRY, this::attempt);
            } else {
                fail(verifier.mismatch().orElse("SSH to " + target.endpoint() + " failed: " + describe(e)));
            }
            return;
        }
        synchronized (this) {
            if (!closed.get()) {
                counted = true;
                listener.sshConnected();
            }
        }
        if (closed.get()) {
            // the client left or the instance stopped while we connected
            finish();
            return;
        }
        try {
            login(candidate);
        } catch (Failure e) {
            fail(e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            fail("SSH to " + target.endpoint() + " failed: " + describe(e));
            return;
        }
        Thread reader = new Thread(this::pump, "terminal-" + target.instanceId() + "-" + connectionId);
        reader.setDaemon(true);
        reader.start();
    }

    private static boolean stillBooting(Throwable e) {
        return e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof SocketTimeoutException;
    }

    /** Logs in, opens the PTY and the shell, hands held keystrokes over. Blocking. */
    private void login(SSHClient connection) throws IOException {
        List<KeyProvider> keys = new ArrayList<>();
        for (Path key : target.keys()) {
            keys.add(connection.loadKeys(key.toString()));
        }
        try {
            connection.authPublickey(target.user(), keys);
        } catch (UserAuthException e) {
            throw new Failure("SSH login as " + target.user() + " to " + target.address()
                    + " failed: the guest accepted none of the " + keys.size() + " key(s) the service holds", e);
        }
        Session session = connection.startSession();
        int cols;
        int rows;
        synchronized (size) {
            cols = size[0];
            rows = size[1];
        }
        session.allocatePTY(config.term(), cols, rows, 0, 0, Map.of());
        Session.Shell started = session.startShell();
        synchronized (size) {
            shell = started;
            // a resize that came while the PTY was being made
            if (size[0] != cols || size[1] != rows) {
                started.changeWindowDimensions(size[0], size[1], 0, 0);
            }
        }
        input.attach(started.getOutputStream());
        Log.infof("%s: terminal opened (%s@%s, %dx%d)", target.instanceId(), target.user(), target.address(), cols, rows);
    }

    private SSHClient newClient() {
        DefaultConfig sshConfig = new DefaultConfig();
        sshConfig.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient created = new SSHClient(sshConfig);
        created.addHostKeyVerifier(verifier);
        created.setSocketFactory(NoDelaySockets.INSTANCE);
        created.setConnectTimeout((int) config.connectTimeout().toMillis());
        created.getTransport().setTimeoutMs((int) config.connectTimeout().toMillis());
        created.getConnection().getKeepAlive().setKeepAliveInterval((int) Math.max(1, config.sshKeepAlive().toSeconds()));
        return created;
    }

    /**
     * Keystrokes to the shell (REQ-TERM-004); held until the shell is there. Too much typed before it
     * closes the terminal with 1008 rather than dropping keystrokes.
     */
    public void write(byte[] bytes) throws IOException {
        ShellInput.Outcome outcome;
        try {
            outcome = input.write(bytes);
        } catch (IOException e) {
            if (closed.get()) {
                return;
            }
            throw e;
        }
        if (outcome == ShellInput.Outcome.OVERFLOW) {
            end(POLICY_VIOLATION, "more than " + config.maxPendingInputBytes()
                    + " bytes typed before the shell was ready (ec2.terminal.max-pending-input-bytes)");
        }
    }

    /** PTY window change (REQ-TERM-006); before the shell exists it sets the size the PTY will have. */
    public void resize(int cols, int rows) throws IOException {
        synchronized (size) {
            size[0] = cols;
            size[1] = rows;
            if (shell != null && !closed.get()) {
                shell.changeWindowDimensions(cols, rows, 0, 0);
            }
        }
    }

    /** Opening failed; the message says what failed, fit for the client's close reason. */
    static final class Failure extends IOException {

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The WebSocket went away: close SSH and release everything (REQ-TERM-010). */
    public void clientClosed() {
        if (closed.compareAndSet(false, true)) {
            Log.infof("%s: terminal closed by the client (%d bytes of output relayed, %d in flight)", target.instanceId(),
                    bytesOut(), inFlight());
            input.close();
            release();
        }
    }

    /** Ends the session from the service's side, e.g. because the instance stops. */
    public void end(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            Log.infof("%s: terminal ended: %s", target.instanceId(), reason);
            input.close();
            release();
            client.close(code, truncate(reason));
        }
    }

    /** Opening failed for good: close the socket with what failed, then give everything back. */
    private void fail(String message) {
        if (closed.compareAndSet(false, true)) {
            Log.infof("%s: terminal refused: %s", target.instanceId(), message);
            input.close();
            release();
            client.close(INTERNAL_ERROR, truncate(message));
        }
        finish();
    }

    /** The reader thread: SSH output to binary frames (REQ-TERM-005), then the close (REQ-TERM-009). */
    private void pump() {
        byte[] buffer = new byte[config.readChunkBytes()];
        String reason = null;
        try (InputStream out = shell.getInputStream()) {
            int n;
            while ((n = out.read(buffer)) >= 0) {
                if (n > 0 && !send(Arrays.copyOf(buffer, n))) {
                    return;
                }
            }
            drain();
            reason = "session ended" + exitStatus();
        } catch (IOException e) {
            reason = "SSH connection to " + target.address() + " lost: " + describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "terminal interrupted";
        } finally {
            if (reason != null && closed.compareAndSet(false, true)) {
                Log.infof("%s: terminal %s", target.instanceId(), reason);
                input.close();
                release();
                client.close(reason.startsWith("session ended") ? NORMAL_CLOSURE : INTERNAL_ERROR, truncate(reason));
            }
            // whoever closed the session, the reader is the last to hold its connection
            finish();
        }
    }

    /** Waits while too much is in flight, then sends; false when the session was closed meanwhile. */
    private boolean send(byte[] chunk) throws InterruptedException {
        synchronized (flow) {
            while (!closed.get() && inFlight > 0 && inFlight + chunk.length > config.maxBytesInFlight()) {
                flow.wait(1000);
            }
            if (closed.get()) {
                return false;
            }
            inFlight += chunk.length;
            bytesOut += chunk.length;
            highWater = Math.max(highWater, inFlight);
        }
        client.sendBinary(chunk).whenComplete((ok, failure) -> {
            synchronized (flow) {
                inFlight -= chunk.length;
                flow.notifyAll();
            }
        });
        return true;
    }

    /** Lets the last frames reach the client before the close frame. */
    private void drain() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (flow) {
            while (inFlight > 0 && !closed.get() && System.nanoTime() < until) {
                flow.wait(100);
            }
        }
    }

    private String exitStatus() {
        try {
            shell.join(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the channel is closed already; what it reported is kept
        }
        // sshj's session channel is a Shell and a Command at once; the exit status lives on the latter
        if (!(shell instanceof Session.Command command)) {
            return "";
        }
        Integer status = command.getExitStatus();
        if (status != null) {
            return " (exit status " + status + ")";
        }
        return command.getExitSignal() != null ? " (signal " + command.getExitSignal() + ")" : "";
    }

    /**
     * Drops the SSH connection at once; safe to call again. No polite channel close first: dropbear
     * answers a channel close only once the shell has exited, which would hold the caller (a stop, the
     * client's close) for the whole channel timeout. The disconnect hangs up the PTY, the guest ends the
     * shell, and the reader thread wakes up with an error and ends.
     */
    private void release() {
        synchronized (flow) {
            flow.notifyAll();
        }
        SSHClient connection;
        boolean wasCounted;
        synchronized (this) {
            connection = ssh;
            wasCounted = counted;
            counted = false;
        }
        if (connection != null) {
            closeQuietly(connection);
        }
        if (wasCounted) {
            listener.sshDisconnected();
        }
    }

    private void closeQuietly(SSHClient connection) {
        try {
            connection.disconnect();
        } catch (IOException | RuntimeException e) {
            Log.debugf("%s: disconnecting SSH: %s", target.instanceId(), e.getMessage());
        }
    }

    /** Gives the session's slot back once nothing of it is left; runs once. */
    private void finish() {
        if (finished.compareAndSet(false, true)) {
            release();
            listener.ended(this);
        }
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null || root instanceof
                net.schmizz.sshj.transport.TransportException)) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** A close reason cut to the 123 bytes a close frame allows, on a character boundary. */
    static String truncate(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return reason;
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < reason.length(); ) {
            int cp = reason.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > MAX_REASON_BYTES - 3) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += len;
            i += Character.charCount(cp);
        }
        return out.append("...").toString();
    }

    /**
     * Sockets with Nagle's algorithm off: a keystroke is one tiny packet that must leave at once, not
     * wait for the acknowledgement of the previous one (interactive SSH clients do the same).
     */
    static final class NoDelaySockets extends SocketFactory {

        static final NoDelaySockets INSTANCE = new NoDelaySockets();

        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(createSocket(), new java.net.InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            Socket socket = createSocket();
            socket.bind(new java.net.InetSocketAddress(localHost, localPort));
            return connected(socket, new java.net.InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(createSocket(), new java.net.InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            Socket socket = createSocket();
            socket.bind(new java.net.InetSocketAddress(localAddress, localPort));
            return connected(socket, new java.net.InetSocketAddress(address, port));
        }

        private static Socket connected(Socket socket, java.net.SocketAddress to) throws IOException {
            socket.connect(to);
            return socket;
        }
    }
}
