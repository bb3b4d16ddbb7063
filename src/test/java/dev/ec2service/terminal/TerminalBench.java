package dev.ec2service.terminal;

import static io.restassured.RestAssured.given;

import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.Ssh;
import dev.ec2service.testsupport.TestGuest;
import dev.ec2service.testsupport.TestKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code make bench} / scripts/bench-terminal.sh: echo round-trip latency through the web terminal beside a
 * direct SSH session (PTY + shell, same VM, same run), and output throughput of both. Tagged
 * {@code bench}: excluded from normal test runs.
 */
@QuarkusTest
@Tag("bench")
class TerminalBench {

    private static final int ROUND_TRIPS = 200;
    /**
     * Unrecorded round trips first: a service that serves a desktop's terminals all day is warm. Warm means
     * compiled: each round trip calls the relay's methods (WebSocket frame, worker dispatch, SSH write, output
     * frame) about once, and the JIT compiles a method after hundreds of calls. With 50 the recorded trips were
     * still interpreted code being compiled (3,000 trips in a row: the web terminal's median was 2.8 ms over the
     * first 300 and 1.6-1.8 ms from the 900th on; direct SSH's over all of them 1.24 ms).
     */
    private static final int WARM_UP = 1000;
    // 10 MB: under TCG the guest makes output at 1–2 MB/s, and the bench must stay within minutes
    private static final long FLOOD_BYTES = 10_000_000;

    @Inject
    DataHome home;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    @Test
    void bench() throws Exception {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
        Path tmp = Files.createTempDirectory("terminal-bench");
        Path key = TestKeys.generateOnService(tmp, "terminal-bench");
        String id = Instances.create(Map.of("name", "term-bench", "instance_type", "t2.micro", "image_id",
                TestGuest.IMAGE_ID, "ssh_key_name", "terminal-bench")).getString("id");
        try {
            String ip = Instances.awaitStatus(id, "running").getString("ip_address");
            Ssh.await(ip, TestGuest.USER, key, "true", Instances.BOOT);

            List<Double> viaTerminal = new ArrayList<>();
            List<Double> direct = new ArrayList<>();
            double terminalMbps;
            double directMbps;
            try (TerminalClient t = TerminalClient.connect(vertx, base.getPort(), "/api/ws/terminal/" + id, null);
                    SSHClient ssh = new SSHClient()) {
                ssh.addHostKeyVerifier(new PromiscuousVerifier());
                ssh.connect(ip, 22);
                ssh.authPublickey(TestGuest.USER, key.toString());
                // not closed on its own: dropbear confirms a channel close only after the shell exits; the
                // client's disconnect ends both
                Session session = ssh.startSession();
                session.allocatePTY("xterm-256color", 80, 24, 0, 0, Map.of());
                Session.Shell shell = session.startShell();
                PtyReader reader = new PtyReader(shell.getInputStream());
                OutputStream in = shell.getOutputStream();
                Consumer<String> type = s -> {
                    try {
                        in.write(s.getBytes(StandardCharsets.UTF_8));
                        in.flush();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                };
                t.type("stty -echo; PS1=\r");
                type.accept("stty -echo; PS1=\r");
                // let the freshly booted guest settle, then alternate so both paths see the same guest load
                Thread.sleep(5000);
                for (int i = 0; i < ROUND_TRIPS + WARM_UP; i++) {
                    double viaT = roundTrip(t::type, t::text, "t" + i + "x");
                    double viaS = roundTrip(type, reader::text, "s" + i + "x");
                    if (i >= WARM_UP) {
                        viaTerminal.add(viaT);
                        direct.add(viaS);
                    }
                }
                terminalMbps = throughput(t::type, t::tail, t::longestRunOfA);
                directMbps = throughput(type, reader::tail, reader::longestRunOfA);
            }

            List<Double> added = new ArrayList<>();
            for (int i = 0; i < viaTerminal.size(); i++) {
                added.add(viaTerminal.get(i) - direct.get(i));
            }
            String report = String.format(java.util.Locale.ROOT, """
                    terminal benchmark (instance %s, %d echo round trips after %d unrecorded, %d MB of output)
                                         median ms   p95 ms   throughput MB/s
                      web terminal       %9.2f %8.2f   %15.1f
                      direct SSH (sshj)  %9.2f %8.2f   %15.1f
                      added by the web terminal: p50 %+.2f ms (median of the paired differences %+.2f ms)
                    """, id, ROUND_TRIPS, WARM_UP, FLOOD_BYTES / 1_000_000, pct(viaTerminal, 50), pct(viaTerminal, 95),
                    terminalMbps, pct(direct, 50), pct(direct, 95), directMbps, pct(viaTerminal, 50) - pct(direct, 50),
                    pct(added, 50));
            System.out.println(report);
            Files.writeString(Path.of("target", "bench-terminal.txt"), report);
            // scripts/bench-terminal.sh merges this into target/bench.json
            Files.writeString(Path.of("target", "bench-terminal.json"), String.format(java.util.Locale.ROOT, """
                    {"round_trips": %d, "warm_up": %d, "flood_mb": %d,
                     "web_terminal_ms": {"p50": %.3f, "p95": %.3f, "p99": %.3f}, "web_terminal_mb_s": %.1f,
                     "direct_ssh_ms": {"p50": %.3f, "p95": %.3f, "p99": %.3f}, "direct_ssh_mb_s": %.1f,
                     "added_ms": {"p50": %.3f, "p95": %.3f, "paired_p50": %.3f}}
                    """, ROUND_TRIPS, WARM_UP, FLOOD_BYTES / 1_000_000, pct(viaTerminal, 50), pct(viaTerminal, 95),
                    pct(viaTerminal, 99), terminalMbps, pct(direct, 50), pct(direct, 95), pct(direct, 99), directMbps,
                    pct(viaTerminal, 50) - pct(direct, 50), pct(viaTerminal, 95) - pct(direct, 95), pct(added, 50)));
        } finally {
            given().delete("/api/instances/" + id);
            given().delete("/api/ssh-key/terminal-bench");
            // the instance's private key: not left in /tmp after each bench
            try (var files = Files.walk(tmp)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Milliseconds from sending {@code echo <marker>} to seeing its output line. */
    private static double roundTrip(Consumer<String> type, Supplier<String> text, String marker) {
        long start = System.nanoTime();
        type.accept("echo " + marker + "\r");
        while (!text.get().contains(marker + "\r\n")) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            if (System.nanoTime() - start > 10_000_000_000L) {
                throw new AssertionError("no echo of " + marker + " within 10 s");
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** MB/s of {@link #FLOOD_BYTES} of output from the guest. */
    private static double throughput(Consumer<String> type, Supplier<String> tail, Supplier<Long> longestRun) {
        long start = System.nanoTime();
        type.accept("head -c " + FLOOD_BYTES + " /dev/zero | tr '\\000' a; echo; echo E''ND\r");
        long deadline = start + Duration.ofMinutes(5).toNanos();
        while (!tail.get().contains("\r\nEND\r\n")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("flood did not finish");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (longestRun.get() != FLOOD_BYTES) {
            throw new AssertionError("flood arrived incomplete: " + longestRun.get());
        }
        return FLOOD_BYTES / 1e6 / seconds;
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Reads a direct SSH PTY the way TerminalClient reads the WebSocket. */
    private static final class PtyReader {

        private final ByteArrayOutputStream small = new ByteArrayOutputStream();
        private final StringBuilder tail = new StringBuilder();
        private long run;
        private long longest;

        PtyReader(InputStream in) {
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[32768];
                try {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        receive(buffer, n);
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            }, "bench-direct-ssh");
            reader.setDaemon(true);
            reader.start();
        }

        private synchronized void receive(byte[] data, int n) {
            if (small.size() < 4 * 1024 * 1024) {
                small.write(data, 0, n);
            }
            for (int i = 0; i < n; i++) {
                if (data[i] == 'a') {
                    run++;
                    longest = Math.max(longest, run);
                } else {
                    run = 0;
                }
            }
            tail.append(new String(data, 0, n, StandardCharsets.ISO_8859_1));
            if (tail.length() > 8192) {
                tail.delete(0, tail.length() - 8192);
            }
        }

        synchronized String text() {
            return small.toString(StandardCharsets.UTF_8);
        }

        synchronized String tail() {
            return tail.toString();
        }

        synchronized Long longestRunOfA() {
            return longest;
        }
    }
}
