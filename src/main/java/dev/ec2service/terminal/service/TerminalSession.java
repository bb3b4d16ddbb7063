package dev.ec2service.terminal.service;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * One terminal: an SSH session with a PTY and a shell, relayed to one WebSocket client. Input is written
 * to the shell by the caller's (worker) thread; output is pumped by a dedicated reader thread as raw
 * bytes, never decoded, so a UTF-8 sequence split across reads reaches the client intact. The reader
 * pauses while more than {@link TerminalConfig#maxBytesInFlight()} bytes are sent but not yet written to
 * the client's socket (back-pressure); SSH's own flow control then stops the guest.
 */
public final class TerminalSession {

    /** The WebSocket side, as the session sees it. */
    public interface Client {

        /** Sends one binary frame; the stage completes once it is written to the client's socket. */
        CompletionStage<Void> sendBinary(byte[] bytes);

        /** Closes the WebSocket with a close code and reason. */
        void close(int code, String reason);
    }

    public static final int NORMAL_CLOSURE = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int INTERNAL_ERROR = 1011;
    /** A close frame's reason holds at most 123 bytes of UTF-8. */
    static final int MAX_REASON_BYTES = 123;

    private final String connectionId;
    private final TerminalTarget target;
    private final TerminalConfig config;
    /** Pause between attempts to reach a guest that is still booting. */
    private static final long BOOT_RETRY_MS = 1000;

    private final HostKeys.Verifier verifier;
    private final Client client;
    private final Runnable onEnd;

    private final Object flow = new Object();
    private long inFlight;
    private long highWater;
    private long bytesOut;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Open when {@link #open} has finished, either way: input that arrives earlier waits for the shell. */
    private final CountDownLatch ready = new CountDownLatch(1);

    private SSHClient ssh;
    private Session session;
    private Session.Shell shell;
    private OutputStream shellInput;
    private Thread reader;

    TerminalSession(String connectionId, TerminalTarget target, TerminalConfig config, HostKeys.Verifier verifier,
            Client client, Runnable onEnd) {
        this.connectionId = connectionId;
        this.target = target;
        this.config = config;
        this.verifier = verifier;
        this.client = client;
        this.onEnd = onEnd;
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

    private long inFlight() {
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

    /**
     * Connects, logs in, opens the PTY and the shell and starts the reader (REQ-TERM-002). Blocking.
     *
     * @throws IOException with a message that says what failed, fit for the client's close reason
     */
    void open(int cols, int rows) throws IOException {
        try {
            connect(cols, rows);
        } finally {
            ready.countDown();
        }
    }

    private void connect(int cols, int rows) throws IOException {
        try {
            connectWhileBooting();
            List<KeyProvider> keys = new ArrayList<>();
            for (Path key : target.keys()) {
                keys.add(ssh.loadKeys(key.toString()));
            }
            try {
                ssh.authPublickey(target.user(), keys);
            } catch (UserAuthException e) {
                throw new Failure("SSH login as " + target.user() + " to " + target.address()
                        + " failed: the guest accepted none of the " + keys.size() + " key(s) the service holds", e);
            }
            session = ssh.startSession();
            session.allocatePTY(config.term(), cols, rows, 0, 0, Map.of());
            shell = session.startShell();
            shellInput = shell.getOutputStream();
        } catch (IOException | RuntimeException e) {
            release();
            if (e instanceof Failure failure) {
                throw failure;
            }
            throw new Failure("SSH to " + target.address() + " failed: " + describe(e), e);
        }
        reader = new Thread(this::pump, "terminal-" + target.instanceId() + "-" + connectionId);
        reader.setDaemon(true);
        reader.start();
        Log.infof("%s: terminal opened (%s@%s, %dx%d)", target.instanceId(), target.user(), target.address(), cols, rows);
    }

    /** Keystrokes to the shell (REQ-TERM-004). */
    public void write(byte[] bytes) throws IOException {
        awaitReady();
        if (closed.get() || shellInput == null) {
            return;
        }
        shellInput.write(bytes);
        shellInput.flush();
    }

    /**
     * Opens the SSH transport. A terminal opened right after launch or start meets a guest that is
     * still booting (no route, connection refused, silence); that is retried until the guest answers
     * or {@code ec2.terminal.boot-wait} has passed, so the user sees a shell rather than an error.
     */
    private void connectWhileBooting() throws IOException {
        long deadline = System.nanoTime() + config.bootWait().toNanos();
        while (true) {
            ssh = newClient();
            try {
                ssh.connect(target.address(), 22);
                return;
            } catch (IOException e) {
                boolean stillBooting = e instanceof ConnectException || e instanceof NoRouteToHostException
                        || e instanceof SocketTimeoutException;
                if (!stillBooting || closed.get() || verifier.mismatch().isPresent() || System.nanoTime() > deadline) {
                    throw new Failure(verifier.mismatch().orElse("SSH to " + target.address() + " failed: " + describe(e)), e);
                }
                ssh.close();
            }
            try {
                Thread.sleep(BOOT_RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("interrupted while waiting for the guest's SSH server", e);
            }
        }
    }

    private SSHClient newClient() {
        DefaultConfig sshConfig = new DefaultConfig();
        sshConfig.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient client = new SSHClient(sshConfig);
        client.addHostKeyVerifier(verifier);
        client.setConnectTimeout((int) config.connectTimeout().toMillis());
        client.getTransport().setTimeoutMs((int) config.connectTimeout().toMillis());
        client.getConnection().getKeepAlive().setKeepAliveInterval((int) Math.max(1, config.sshKeepAlive().toSeconds()));
        return client;
    }

    /** PTY window change (REQ-TERM-006). */
    public void resize(int cols, int rows) throws IOException {
        awaitReady();
        if (closed.get() || shell == null) {
            return;
        }
        shell.changeWindowDimensions(cols, rows, 0, 0);
    }

    private void awaitReady() throws IOException {
        try {
            if (!ready.await(config.bootWait().plus(config.connectTimeout().multipliedBy(3)).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("the SSH session of " + target.instanceId() + " is not open yet");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the SSH session", e);
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
            release();
        }
    }

    /** Ends the session from the service's side, e.g. because the instance stops. */
    public void end(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            Log.infof("%s: terminal ended: %s", target.instanceId(), reason);
            release();
            client.close(code, truncate(reason));
        }
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
                release();
                client.close(reason.startsWith("session ended") ? NORMAL_CLOSURE : INTERNAL_ERROR, truncate(reason));
            }
            onEnd.run();
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (flow) {
            while (inFlight > 0 && !closed.get() && System.nanoTime() < deadline) {
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
     * Drops the SSH connection at once. No polite channel close first: dropbear answers a channel close
     * only once the shell has exited, which would hold the caller (a stop, the client's close) for the
     * whole channel timeout. The disconnect hangs up the PTY, the guest ends the shell, and the reader
     * thread wakes up with an error and ends.
     */
    private void release() {
        synchronized (flow) {
            flow.notifyAll();
        }
        if (ssh != null) {
            try {
                ssh.disconnect();
            } catch (IOException | RuntimeException e) {
                Log.debugf("%s: disconnecting SSH: %s", target.instanceId(), e.getMessage());
            }
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
}
