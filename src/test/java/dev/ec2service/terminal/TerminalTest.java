package dev.ec2service.terminal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.instance.domain.Instance;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.terminal.service.TerminalConfig;
import dev.ec2service.terminal.service.TerminalSession;
import dev.ec2service.terminal.service.TerminalSessions;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.OwnLibvirtObjects;
import dev.ec2service.testsupport.Ssh;
import dev.ec2service.testsupport.TestGuest;
import dev.ec2service.testsupport.TestKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The web terminal against real VMs and a real WebSocket client. Two VMs for the whole class: one
 * launched with a generated key pair (the service holds its private key), one with an imported key
 * (only the terminal key lets the service in). The last tests stop and terminate them. The test profile
 * allows 4 terminals per instance (the default) and 6 in total.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TerminalTest {

    private static final Duration BOOT = Duration.ofSeconds(150);
    private static final Duration CLOSE = Duration.ofSeconds(20);

    @Inject
    DataHome home;

    @Inject
    Vertx vertx;

    @Inject
    TerminalSessions sessions;

    @Inject
    TerminalConfig config;

    @TestHTTPResource("/")
    URL base;

    Path tmp;
    Path generatedKey;
    String generated;
    String generatedIp;
    String imported;

    @BeforeAll
    void twoInstances() throws Exception {
        TestGuest.assumeRealEnvironment();
        // with a per-class instance @BeforeAll runs before Quarkus points rest-assured at the test port
        io.restassured.RestAssured.port = base.getPort();
        TestGuest.register(home);
        tmp = Files.createTempDirectory("terminal-test");
        generatedKey = TestKeys.generateOnService(tmp, "terminal-generated");
        Path importedKey = TestKeys.generate(tmp, "terminal-imported");
        TestKeys.store("terminal-imported", importedKey);
        generated = Instances.create(Map.of("name", "term-gen", "instance_type", "t2.nano", "image_id",
                TestGuest.IMAGE_ID, "ssh_key_name", "terminal-generated")).getString("id");
        imported = Instances.create(Map.of("name", "term-imp", "instance_type", "t2.nano", "image_id",
                TestGuest.IMAGE_ID, "ssh_key_name", "terminal-imported")).getString("id");
        generatedIp = Instances.awaitStatus(generated, "running").getString("ip_address");
        String importedIp = Instances.awaitStatus(imported, "running").getString("ip_address");
        Ssh.await(generatedIp, TestGuest.USER, generatedKey, "true", BOOT);
        Ssh.await(importedIp, TestGuest.USER, importedKey, "true", BOOT);
    }

    @AfterAll
    void terminate() {
        try {
            for (String id : new String[] {generated, imported}) {
                if (id != null) {
                    given().delete("/api/instances/" + id);
                }
            }
        } finally {
            // the private keys made for the test go with it, whatever became of the instances
            if (tmp != null) {
                OwnLibvirtObjects.deleteTree(tmp);
            }
        }
    }

    private TerminalClient open(String id, String query) throws Exception {
        return TerminalClient.connect(vertx, base.getPort(), "/api/ws/terminal/" + id + (query == null ? "" : "?" + query),
                "http://localhost:" + base.getPort());
    }

    private int refusal(String id, String origin) throws Exception {
        return TerminalClient.refusal(vertx, base.getPort(), "/api/ws/terminal/" + id, origin);
    }

    @Test
    @Order(1)
    @DisplayName("REQ-TERM-001..005 REQ-TERM-012 a shell as the image's user with the generated key: hostname, arithmetic, UTF-8 both ways")
    void shell() throws Exception {
        given().get("/api/instances/" + generated + "/terminal").then().statusCode(200)
                .body("ready", equalTo(true)).body("user", equalTo("ubuntu")).body("address", equalTo(generatedIp));
        try (TerminalClient t = open(generated, null)) {
            t.type("hostname\r");
            t.await("hostname\r\nterm-gen\r\n");
            t.type("echo $((6*7))\r");
            t.await("\r\n42\r\n");
            t.type("whoami\r");
            t.await("whoami\r\nubuntu\r\n");
            // 4000 euro signs (12000 bytes) in one write: SSH packets and our reads cut them anywhere.
            // Short input lines, so the guest's line editor never has to wrap multibyte text
            t.type("s=" + "€".repeat(10) + "\r");
            t.type("s=$s$s$s$s$s$s$s$s$s$s\r");
            t.type("s=$s$s$s$s$s$s$s$s$s$s\r");
            t.type("s=$s$s$s$s; echo \"U${s}U\"\r");
            t.await("\r\nU" + "€".repeat(4000) + "U\r\n");
            assertThat(t.text()).doesNotContain("\uFFFD");
            assertThat(t.textFrames()).as("output arrives as binary frames only").isZero();
            // a text frame that is not a control message is keystrokes too
            t.control("echo text-$((1+1))\r");
            t.await("\r\ntext-2\r\n");
        }
        assertThat(Files.readString(home.instanceDir(generated).resolve("ssh_host_key")))
                .as("host key stored on first use").matches("(ssh-ed25519|ecdsa-sha2-nistp256) [A-Za-z0-9+/=]+\\s*");
    }

    @Test
    @Order(2)
    @DisplayName("REQ-TERM-004 keystrokes typed the moment the socket opens reach the shell, every time (three sockets at once, 15 rounds)")
    void typeAhead() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 15; round++) {
                List<Future<?>> done = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                    int n = round * 3 + k + 6;
                    done.add(pool.submit(() -> {
                        try (TerminalClient t = open(generated, null)) {
                            // no wait for the prompt: the shell may not exist yet
                            t.type("echo $((" + n + "*7))-ta\r");
                            t.await("\r\n" + (n * 7) + "-ta\r\n", Duration.ofSeconds(60));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                // a closed terminal keeps its slot until its SSH connection is gone
                awaitAllReleased();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(3)
    @DisplayName("REQ-TERM-006 the PTY starts at the size of the query and follows resize control messages")
    void resize() throws Exception {
        try (TerminalClient t = open(generated, "cols=120&rows=30")) {
            t.type("stty size\r");
            t.await("stty size\r\n30 120\r\n");
            t.control("{\"type\":\"resize\",\"cols\":100,\"rows\":40}");
            t.type("stty size\r");
            t.await("\r\n40 100\r\n");
        }
        try (TerminalClient t = open(generated, null)) {
            t.type("stty size\r");
            t.await("stty size\r\n24 80\r\n");
        }
    }

    @Test
    @Order(4)
    @DisplayName("REQ-TERM-009 exit in the shell closes the WebSocket normally with the exit status as reason")
    void exitClosesSocket() throws Exception {
        try (TerminalClient t = open(generated, null)) {
            t.type("echo ready\r");
            t.await("\r\nready\r\n");
            t.type("exit\r");
            TerminalClient.Close close = t.awaitClose(CLOSE);
            assertThat(close.code()).isEqualTo(1000);
            assertThat(close.reason()).isEqualTo("session ended (exit status 0)");
        }
        Awaitility.await().atMost(CLOSE).until(() -> sessions.of(generated).isEmpty());
    }

    @Test
    @Order(5)
    @DisplayName("REQ-TERM-010 closing the WebSocket closes the SSH session on the guest and releases it in the service")
    void closingSocketClosesSsh() throws Exception {
        String count = "ps | grep -c '[d]ropbear'";
        int baseline = Integer.parseInt(Ssh.run(generatedIp, TestGuest.USER, generatedKey, count));
        TerminalClient t = open(generated, null);
        t.type("echo open\r");
        t.await("\r\nopen\r\n");
        assertThat(sessions.of(generated)).hasSize(1);
        assertThat(Integer.parseInt(Ssh.run(generatedIp, TestGuest.USER, generatedKey, count))).isGreaterThan(baseline);
        Thread reader = Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.getName().startsWith("terminal-" + generated)).findFirst().orElseThrow();
        t.close();
        Awaitility.await().atMost(CLOSE).until(() -> sessions.of(generated).isEmpty());
        Awaitility.await().atMost(CLOSE).until(() -> !reader.isAlive());
        Awaitility.await().atMost(CLOSE).pollInterval(Duration.ofMillis(500)).until(() ->
                Integer.parseInt(Ssh.run(generatedIp, TestGuest.USER, generatedKey, count)) == baseline);
    }

    @Test
    @Order(6)
    @DisplayName("unknown instances are refused with 404; a foreign Origin with 403")
    void refusals() throws Exception {
        assertThat(refusal("i-00000000", "http://localhost:" + base.getPort())).isEqualTo(404);
        given().get("/api/instances/i-00000000/terminal").then().statusCode(404)
                .contentType("application/problem+json");
        assertThat(refusal(generated, "http://evil.example")).isEqualTo(403);
        assertThat(refusal(generated, "http://localhost:" + base.getPort())).as("the same request from our origin").isEqualTo(-1);
    }

    @Test
    @Order(7)
    @DisplayName("REQ-TERM-011 an idle terminal receives pings and stays open beyond the (shortened) ping interval")
    void idleStaysOpen() throws Exception {
        assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(2));
        try (TerminalClient t = open(generated, null)) {
            t.type("echo before\r");
            t.await("\r\nbefore\r\n");
            Thread.sleep(config.pingInterval().multipliedBy(3).plusSeconds(1).toMillis());
            assertThat(t.closed).isNotDone();
            assertThat(t.pings()).as("pings in 7 s at a 2 s interval").isGreaterThanOrEqualTo(2);
            t.type("echo after\r");
            t.await("\r\nafter\r\n");
        }
    }

    @Test
    @Order(8)
    @DisplayName("back-pressure: while the client reads nothing the server stops reading SSH with at most max-bytes-in-flight queued; then 20 MB arrive complete")
    void outputFlood() throws Exception {
        long total = 20_000_000;
        long bound = config.maxBytesInFlight() + config.readChunkBytes();
        // the previous test's session is released asynchronously; measure this test's session only
        Awaitility.await().atMost(CLOSE).until(() -> sessions.of(generated).isEmpty());
        try (TerminalClient t = open(generated, null)) {
            t.type("echo ready\r");
            t.await("\r\nready\r\n");
            assertThat(sessions.of(generated)).hasSize(1);
            TerminalSession session = sessions.of(generated).get(0);
            // the client reads nothing for a while: the server must stop reading SSH, not buffer 20 MB
            t.socket.pause();
            t.type("head -c " + total + " /dev/zero | tr '\\000' a; echo; echo E''ND\r");
            // the server's reading stalls: bytes handed to the socket stop growing (observed from the session
            // itself, so other tests sharing the JVM cannot disturb it as they did a heap measurement)
            long[] last = {-1};
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollDelay(Duration.ofSeconds(2))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> {
                        long now = session.bytesOut();
                        boolean stalled = now > 0 && now == last[0];
                        last[0] = now;
                        return stalled || now >= total;
                    });
            long sentWhilePaused = session.bytesOut();
            long queuedWhilePaused = session.inFlight();
            assertThat(sentWhilePaused).as("the server stopped reading SSH while the client read nothing").isLessThan(total);
            assertThat(queuedWhilePaused).as("output queued for the paused client").isGreaterThan(0).isLessThanOrEqualTo(bound);
            assertThat(session.highWater()).isLessThanOrEqualTo(bound);
            t.socket.resume();
            Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> t.tail().contains("\r\nEND\r\n") || t.closed.isDone());
            assertThat(t.tail()).contains("\r\nEND\r\n");
            assertThat(t.longestRunOfA()).isEqualTo(total);
            assertThat(session.highWater()).isLessThanOrEqualTo(bound);
            System.out.printf("flood: %d bytes, sent while paused %d, queued while paused %d, high water %d%n",
                    t.bytes(), sentWhilePaused, queuedWhilePaused, session.highWater());
        }
    }

    @Test
    @Order(9)
    @DisplayName("at most 4 terminals per instance and 6 in total (test profile): the next is refused with 429 at the preflight and the upgrade, and a closed one frees its slot")
    void limits() throws Exception {
        awaitAllReleased();
        List<TerminalClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(ready(generated));
            }
            given().get("/api/instances/" + generated + "/terminal").then().statusCode(429)
                    .contentType("application/problem+json").body("detail", containsString("max-per-instance"));
            assertThat(refusal(generated, null)).isEqualTo(429);
            // the other instance still has room, until the service as a whole is full
            clients.add(ready(imported));
            clients.add(ready(imported));
            given().get("/api/instances/" + imported + "/terminal").then().statusCode(429)
                    .body("detail", containsString("max-total"));
            assertThat(refusal(imported, null)).isEqualTo(429);
            clients.remove(0).close();
            Awaitility.await().atMost(CLOSE).until(() ->
                    given().get("/api/instances/" + imported + "/terminal").statusCode() == 200);
        } finally {
            clients.forEach(TerminalClient::close);
        }
        awaitAllReleased();
    }

    @Test
    @Order(10)
    @DisplayName("eight clients opening at once on one instance: exactly four get a shell, the others are refused with 429 or closed with 1013 saying why")
    void limitsUnderRace() throws Exception {
        awaitAllReleased();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<TerminalClient> clients = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                outcomes.add(pool.submit(() -> {
                    TerminalClient t;
                    try {
                        t = open(imported, null);
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof io.vertx.core.http.UpgradeRejectedException rejected) {
                            return "refused " + rejected.getStatus();
                        }
                        throw e;
                    }
                    clients.add(t);
                    try {
                        t.type("echo $((6*7))-lim\r");
                    } catch (java.util.concurrent.CompletionException e) {
                        // already closed with 1013 (the outcome is read below)
                    }
                    Awaitility.await().atMost(Instances.BOOT).until(() -> t.text().contains("\r\n42-lim\r\n") || t.closed.isDone());
                    if (t.closed.isDone()) {
                        TerminalClient.Close close = t.closed.get();
                        assertThat(close.reason()).contains("max-per-instance");
                        return "closed " + close.code();
                    }
                    return "shell";
                }));
            }
            List<String> seen = new ArrayList<>();
            for (Future<String> f : outcomes) {
                seen.add(f.get());
            }
            assertThat(seen).as(seen.toString()).filteredOn("shell"::equals).hasSize(4);
            assertThat(seen).as(seen.toString()).filteredOn(o -> !o.equals("shell"))
                    .allMatch(o -> o.equals("refused 429") || o.equals("closed 1013"));
        } finally {
            pool.shutdownNow();
            clients.forEach(TerminalClient::close);
        }
        awaitAllReleased();
    }

    @Test
    @Order(11)
    @DisplayName("REQ-TERM-010 many opens and closes, the client closing first (also before the shell exists and while output flows), leave no session, no SSH connection and no guest process behind")
    void noLeaks() throws Exception {
        awaitAllReleased();
        String count = "ps | grep -c '[d]ropbear'";
        int baseline = Integer.parseInt(Ssh.run(generatedIp, TestGuest.USER, generatedKey, count));
        for (int i = 0; i < 4; i++) {
            // the client closes after a command ran
            try (TerminalClient t = open(generated, null)) {
                t.type("echo c$((" + i + "+100))\r");
                t.await("\r\nc" + (i + 100) + "\r\n");
            }
            // the client closes before the shell exists (typed input is dropped with the session)
            try (TerminalClient t = open(generated, null)) {
                t.type("echo never\r");
            }
            // the client closes while output floods in (the reader is waiting to send)
            try (TerminalClient t = open(generated, null)) {
                t.socket.pause();
                t.type("yes flood | head -c 5000000\r");
                Awaitility.await().atMost(CLOSE).until(() -> sessions.of(generated).stream()
                        .anyMatch(s -> s.isOpen() && s.bytesOut() > 100_000));
            }
            // the shell ends first
            try (TerminalClient t = open(generated, null)) {
                t.type("exit\r");
                assertThat(t.awaitClose(CLOSE).code()).isEqualTo(1000);
            }
        }
        awaitAllReleased();
        Awaitility.await().atMost(CLOSE).pollInterval(Duration.ofMillis(500)).until(() ->
                Integer.parseInt(Ssh.run(generatedIp, TestGuest.USER, generatedKey, count)) == baseline);
    }

    @Test
    @Order(12)
    @DisplayName("REQ-TERM-012 an instance whose key was imported gets a terminal through the terminal key")
    void importedKeyUsesTerminalKey() throws Exception {
        try (TerminalClient t = open(imported, null)) {
            t.type("hostname\r");
            t.await("hostname\r\nterm-imp\r\n");
            t.type("grep -c ec2-as-service-terminal ~/.ssh/authorized_keys\r");
            t.await("\r\n1\r\n");
        }
    }

    @Test
    @Order(13)
    @DisplayName("host keys are trusted on first use; a changed host key refuses the session with 1011 and says so")
    void changedHostKeyRefused() throws Exception {
        Path stored = home.instanceDir(imported).resolve("ssh_host_key");
        String real = Files.readString(stored);
        // a different key of the same type, as an impostor at the instance's address would show
        Path other = TestKeys.generate(tmp, "impostor");
        String type = real.substring(0, real.indexOf(' '));
        String impostor = type.equals("ssh-ed25519") ? Files.readString(Path.of(other + ".pub")).trim()
                .replaceAll(" [^ ]*$", "") : type + " " + real.substring(real.indexOf(' ') + 1).strip().replace('A', 'B');
        try {
            Files.writeString(stored, impostor + "\n");
            try (TerminalClient t = open(imported, null)) {
                TerminalClient.Close close = t.awaitClose(CLOSE);
                assertThat(close.code()).isEqualTo(1011);
                assertThat(close.reason()).startsWith("the SSH host key of ").contains("changed");
            }
        } finally {
            Files.writeString(stored, real);
        }
        try (TerminalClient t = open(imported, null)) {
            t.type("echo trusted\r");
            t.await("\r\ntrusted\r\n");
        }
    }

    @Test
    @Order(14)
    @DisplayName("REQ-TERM-008 an instance without an address is refused with 409 saying so")
    void addressless() throws Exception {
        Instance saved = QuarkusTransaction.requiringNew().call(() -> Instance.findById(imported));
        String mac = saved.macAddress;
        String ip = saved.ipAddress;
        try {
            // a MAC without a lease, so the address is not refreshed behind the test's back
            QuarkusTransaction.requiringNew().run(() -> {
                Instance row = Instance.findById(imported);
                row.ipAddress = null;
                row.macAddress = "52:54:00:00:00:01";
            });
            assertThat(refusal(imported, null)).isEqualTo(409);
            given().get("/api/instances/" + imported + "/terminal").then().statusCode(409)
                    .body("detail", containsString("no IP address"));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                Instance row = Instance.findById(imported);
                row.ipAddress = ip;
                row.macAddress = mac;
            });
        }
    }

    @Test
    @Order(15)
    @DisplayName("REQ-TERM-007 REQ-TERM-009 stopping the instance closes its terminal with a reason; a stopped instance is refused with 409")
    void stopClosesAndRefuses() throws Exception {
        try (TerminalClient t = open(generated, null)) {
            t.type("echo up\r");
            t.await("\r\nup\r\n");
            given().post("/api/instances/" + generated + "/stop").then().statusCode(200);
            TerminalClient.Close close = t.awaitClose(CLOSE);
            assertThat(close.code()).isEqualTo(1001);
            assertThat(close.reason()).isEqualTo("instance " + generated + " is stopping");
        }
        Awaitility.await().atMost(CLOSE).until(() -> sessions.of(generated).isEmpty());
        Instances.awaitStatus(generated, "stopped");
        assertThat(refusal(generated, null)).isEqualTo(409);
        given().get("/api/instances/" + generated + "/terminal").then().statusCode(409)
                .body("detail", containsString("is stopped"));
    }

    @Test
    @Order(16)
    @DisplayName("REQ-TERM-002 a terminal opened while the guest still boots waits for its SSH server without holding a thread; keystrokes typed meanwhile reach the shell; too many close it with 1008")
    void bootWait() throws Exception {
        given().post("/api/instances/" + generated + "/start").then().statusCode(200);
        Instances.awaitStatus(generated, "running");
        Awaitility.await().atMost(BOOT).until(() -> Instances.get(generated).getString("ip_address") != null);
        try (TerminalClient t = open(generated, null); TerminalClient flood = open(generated, null)) {
            t.type("echo $((6*7))-boot\r");
            Awaitility.await().atMost(CLOSE).until(() -> sessions.of(generated).size() == 2);
            assertThat(sessions.of(generated)).as("the guest's SSH server is not up yet").noneMatch(TerminalSession::isOpen);
            // more than ec2.terminal.max-pending-input-bytes (64 KiB) before the shell exists
            flood.type("x".repeat(40_000));
            flood.type("x".repeat(40_000));
            TerminalClient.Close overflow = flood.awaitClose(CLOSE);
            assertThat(overflow.code()).isEqualTo(1008);
            assertThat(overflow.reason()).contains("typed before the shell was ready");
            List<String> held = new ArrayList<>();
            int samples = 0;
            long deadline = System.nanoTime() + BOOT.toNanos();
            while (!t.text().contains("\r\n42-boot\r\n") && !t.closed.isDone() && System.nanoTime() < deadline) {
                held.addAll(threadsWaitingInTerminalCode());
                samples++;
                Thread.sleep(50);
            }
            t.await("\r\n42-boot\r\n");
            assertThat(samples).as("sampled while the terminal waited for the guest").isGreaterThan(10);
            assertThat(held).as("threads parked in terminal code while the guest booted").isEmpty();
        }
        awaitAllReleased();
    }

    /** Opens a terminal and waits until its shell answers. */
    private TerminalClient ready(String id) throws Exception {
        TerminalClient t = open(id, null);
        t.type("echo $((6*7))-rdy\r");
        t.await("\r\n42-rdy\r\n");
        return t;
    }

    /** Every terminal has let go of its slot and its SSH connection. */
    private void awaitAllReleased() {
        Awaitility.await().atMost(CLOSE).pollInterval(Duration.ofMillis(100))
                .until(() -> sessions.count() == 0 && sessions.sshConnections() == 0);
    }

    /**
     * Threads that the terminal's own code put to sleep or to wait (Thread.sleep, Object.wait, a latch or
     * a future called directly from it): a thread kept between attempts to reach a booting guest shows up
     * here. A connect in progress (running in a socket call), sshj waiting for the guest, or Vert.x
     * writing a frame does not.
     */
    private static List<String> threadsWaitingInTerminalCode() {
        List<String> held = new ArrayList<>();
        // state and stack from one snapshot: Thread.getAllStackTraces() and a later Thread.getState() could pair a
        // thread's stack while it ran (defining a lambda's class inside terminal code) with the state it had when it
        // was idle again a moment later, in its pool
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            Thread.State state = thread.getThreadState();
            if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
                continue;
            }
            StackTraceElement[] stack = thread.getStackTrace();
            for (StackTraceElement frame : stack) {
                String cls = frame.getClassName();
                if (cls.startsWith("dev.ec2service.terminal.service.") || cls.startsWith("dev.ec2service.terminal.api.")) {
                    held.add(thread.getThreadName() + " " + Arrays.toString(Arrays.copyOf(stack, Math.min(8, stack.length))));
                    break;
                }
                if (!cls.startsWith("java.") && !cls.startsWith("jdk.") && !cls.startsWith("sun.")) {
                    break; // waiting inside a library (sshj, Vert.x), not in the terminal's own code
                }
            }
        }
        return held;
    }

    @Test
    @Order(17)
    @DisplayName("REQ-TERM-010 terminating an instance closes its terminals")
    void terminateCloses() throws Exception {
        try (TerminalClient t = open(imported, null)) {
            t.type("echo up\r");
            t.await("\r\nup\r\n");
            given().delete("/api/instances/" + imported).then().statusCode(200);
            TerminalClient.Close close = t.awaitClose(CLOSE);
            assertThat(close.code()).isEqualTo(1001);
            assertThat(close.reason()).contains("terminated");
        }
        awaitAllReleased();
    }
}
