package dev.ec2service.terminal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.instance.domain.Instance;
import dev.ec2service.storage.service.DataHome;
import dev.ec2service.terminal.service.TerminalConfig;
import dev.ec2service.terminal.service.TerminalSession;
import dev.ec2service.terminal.service.TerminalSessions;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.Ssh;
import dev.ec2service.testsupport.TestGuest;
import dev.ec2service.testsupport.TestKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
 * (only the terminal key lets the service in). The last tests stop and terminate them.
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
        for (String id : new String[] {generated, imported}) {
            if (id != null) {
                given().delete("/api/instances/" + id);
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
    @Order(3)
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
    @Order(4)
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
    @Order(5)
    @DisplayName("unknown instances are refused with 404; a foreign Origin with 403")
    void refusals() throws Exception {
        assertThat(refusal("i-00000000", "http://localhost:" + base.getPort())).isEqualTo(404);
        given().get("/api/instances/i-00000000/terminal").then().statusCode(404)
                .contentType("application/problem+json");
        assertThat(refusal(generated, "http://evil.example")).isEqualTo(403);
        assertThat(refusal(generated, "http://localhost:" + base.getPort())).as("the same request from our origin").isEqualTo(-1);
    }

    @Test
    @Order(6)
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
    @Order(7)
    @DisplayName("back-pressure: 20 MB of output arrive complete while bytes in flight stay under the bound and the heap stays flat")
    void outputFlood() throws Exception {
        long total = 20_000_000;
        // the previous test's session is released asynchronously; measure this test's session only
        Awaitility.await().atMost(CLOSE).until(() -> sessions.of(generated).isEmpty());
        try (TerminalClient t = open(generated, null)) {
            t.type("echo ready\r");
            t.await("\r\nready\r\n");
            assertThat(sessions.of(generated)).hasSize(1);
            TerminalSession session = sessions.of(generated).get(0);
            long heapBefore = usedHeap();
            // the client reads nothing for a while: the server must stop reading SSH, not buffer 20 MB
            t.socket.pause();
            t.type("head -c " + total + " /dev/zero | tr '\\000' a; echo; echo E''ND\r");
            Thread.sleep(5000);
            long heapPaused = usedHeap();
            long sentWhilePaused = session.bytesOut();
            assertThat(session.highWater()).isLessThanOrEqualTo(config.maxBytesInFlight() + config.readChunkBytes());
            assertThat(sentWhilePaused).as("the server stopped sending while the client did not read").isLessThan(total);
            assertThat(heapPaused - heapBefore).as("heap growth while the client does not read").isLessThan(12L * 1024 * 1024);
            t.socket.resume();
            Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> t.tail().contains("\r\nEND\r\n") || t.closed.isDone());
            assertThat(t.tail()).contains("\r\nEND\r\n");
            assertThat(t.longestRunOfA()).isEqualTo(total);
            assertThat(session.highWater()).isLessThanOrEqualTo(config.maxBytesInFlight() + config.readChunkBytes());
            System.out.printf("flood: %d bytes, sent while paused %d, high water %d, heap +%d KiB while paused%n",
                    t.bytes(), sentWhilePaused, session.highWater(), (heapPaused - heapBefore) / 1024);
        }
    }

    @Test
    @Order(8)
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
    @Order(9)
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
    @Order(10)
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
    @Order(11)
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
        assertThat(sessions.of(generated)).isEmpty();
        Instances.awaitStatus(generated, "stopped");
        assertThat(refusal(generated, null)).isEqualTo(409);
        given().get("/api/instances/" + generated + "/terminal").then().statusCode(409)
                .body("detail", containsString("is stopped"));
    }

    @Test
    @Order(12)
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
        assertThat(sessions.count()).isZero();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
