package dev.ec2service.network;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.hypervisor.HypervisorConnected;
import dev.ec2service.network.domain.ForwardProtocol;
import dev.ec2service.network.domain.PortForward;
import dev.ec2service.instance.service.InstanceLocks;
import dev.ec2service.network.port.PortForwards;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.FreePorts;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.Ssh;
import dev.ec2service.testsupport.TestGuest;
import dev.ec2service.testsupport.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Port forwarding in nat mode on a real test guest: the service listens on 127.0.0.1 and relays to the guest,
 * an HTTP server in the guest answers through the host port; conflicts, bad input, stop, start, terminate.
 */
@QuarkusTest
class PortForwardTest {

    private static final String PAGE = "hello-through-the-forward";
    /** Starts busybox httpd as the default user on 8080 (not privileged), detached from the SSH session. */
    private static final String SERVE = "mkdir -p /tmp/www && echo " + PAGE + " > /tmp/www/index.html"
            + " && busybox httpd -p 8080 -h /tmp/www </dev/null >/dev/null 2>&1; echo started";

    @Inject
    DataHome home;

    @Inject
    PortForwards forwards;

    @Inject
    InstanceLocks locks;

    @Inject
    Event<HypervisorConnected> connected;

    @TempDir
    Path tmp;

    @BeforeEach
    void realEnvironment() {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
    }

    @Test
    @DisplayName("an HTTP server in the guest answers through 127.0.0.1:<host port>; 409 for a port another instance "
            + "forwards or another program holds; stop closes, start reopens, terminate frees the port")
    void forwardThroughTheLifecycle() throws Exception {
        List<Integer> free = FreePorts.several(4);
        int web = free.get(0);
        int ssh = free.get(1);
        int heldByProgram = free.get(2);
        int unused = free.get(3);
        Path key = TestKeys.generateOnService(tmp, "port-forward-key");

        JsonPath created = Instances.create(Map.of("name", "forwarded", "instance_type", "t2.nano",
                "image_id", TestGuest.IMAGE_ID, "ssh_key_name", "port-forward-key",
                "ports", List.of(Map.of("host", web, "guest", 8080, "protocol", "tcp"))));
        String id = created.getString("id");
        String ip = created.getString("ip_address");
        assertThat(created.getInt("ports[0].host")).isEqualTo(web);
        assertThat(created.getInt("ports[0].guest")).isEqualTo(8080);
        assertThat(created.getString("ports[0].protocol")).isEqualTo("tcp");

        // another launch asking for the same host port is refused naming the instance that holds it, creating nothing
        long before = Instances.count();
        given().contentType("application/json").body(Map.of("instance_type", "t2.nano", "image_id",
                TestGuest.IMAGE_ID, "ports", List.of(Map.of("host", web, "guest", 80))))
                .post("/api/instances").then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("host-port-in-use")).body("detail", containsString(id))
                .body("detail", containsString("forwarded"));
        assertThat(Instances.count()).isEqualTo(before);

        Instances.awaitStatus(id, "running");
        given().get("/api/instances/" + id + "/ports").then().statusCode(200)
                .body("[0].host", equalTo(web)).body("[0].listening", equalTo(true));
        assertThat(Ssh.await(ip, TestGuest.USER, key, SERVE, Instances.BOOT)).isEqualTo("started");
        assertThat(httpGet(web)).isEqualTo(PAGE);

        // added while running: listens before the answer; the guest's SSH server greets through it
        given().contentType("application/json").body(Map.of("host", ssh, "guest", 22))
                .post("/api/instances/" + id + "/ports").then().statusCode(201)
                .header("Location", containsString("/api/instances/" + id + "/ports/" + ssh))
                .body("host", equalTo(ssh)).body("guest", equalTo(22)).body("listening", equalTo(true));
        assertThat(greeting(ssh)).startsWith("SSH-2.0-");

        // a host port this instance already forwards, and one another program listens on
        given().contentType("application/json").body(Map.of("host", web, "guest", 81))
                .post("/api/instances/" + id + "/ports").then().statusCode(409)
                .body("detail", containsString("by this instance"));
        try (ServerSocket program = new ServerSocket()) {
            program.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), heldByProgram));
            given().contentType("application/json").body(Map.of("host", heldByProgram, "guest", 80))
                    .post("/api/instances/" + id + "/ports").then().statusCode(409)
                    .contentType("application/problem+json").body("type", containsString("host-port-in-use"))
                    .body("detail", containsString("another program"));
        }
        given().get("/api/instances/" + id).then().body("ports.host", equalTo(List.of(web, ssh)));

        // a restarted service has nothing listening: the reconcile opens the forwards of running instances. Closed
        // under the instance's lock, which the reconcile waits for (it aligns only instances whose lock is free), so
        // a tick that happens to run now cannot reopen them before they were seen closed
        locks.withLock(id, () -> {
            forwards.close(id);
            assertThatThrownBy(() -> greeting(ssh)).isInstanceOf(IOException.class);
            return null;
        });
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> Instances.get(id).getBoolean("ports[1].listening"));
        assertThat(httpGet(web)).isEqualTo(PAGE);

        // stop closes the listeners before it answers
        given().post("/api/instances/" + id + "/stop").then().statusCode(200);
        assertThatThrownBy(() -> httpGet(web)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> greeting(ssh)).isInstanceOf(IOException.class);
        Instances.awaitStatus(id, "stopped");
        given().get("/api/instances/" + id + "/ports").then().body("listening", equalTo(List.of(false, false)));

        // start opens them again; the guest's server is started anew after its boot
        given().post("/api/instances/" + id + "/start").then().statusCode(200).body("status", equalTo("running"))
                .body("ports.listening", equalTo(List.of(true, true)));
        assertThat(Ssh.await(ip, TestGuest.USER, key, SERVE, Instances.BOOT)).isEqualTo("started");
        assertThat(greeting(ssh)).startsWith("SSH-2.0-");
        assertThat(httpGet(web)).isEqualTo(PAGE);

        // removing a forward frees its port at once. A connection to the closed port fails, refused or reset (the
        // kernel may still finish a handshake for a listener being torn down): either way no relay answers, and the
        // port can be bound again

        given().delete("/api/instances/" + id + "/ports/" + ssh).then().statusCode(204);
        assertThatThrownBy(() -> greeting(ssh)).isInstanceOf(IOException.class);
        assertBindable(ssh);
        given().delete("/api/instances/" + id + "/ports/" + ssh).then().statusCode(404)
                .contentType("application/problem+json");
        given().delete("/api/instances/" + id + "/ports/" + unused).then().statusCode(404);

        // terminate removes the forwards and releases the host port
        given().delete("/api/instances/" + id).then().statusCode(200).body("ports", equalTo(List.of()));
        assertThatThrownBy(() -> httpGet(web)).isInstanceOf(IOException.class);
        assertBindable(web);
        given().contentType("application/json").body(Map.of("host", web, "guest", 80))
                .post("/api/instances/" + id + "/ports").then().statusCode(409)
                .body("type", containsString("invalid-state"));
        given().delete("/api/ssh-key/port-forward-key").then().statusCode(204);
    }

    @Test
    @DisplayName("bad port forwards are refused with 4xx problems and create nothing: port 0, above 65535, guest "
            + "port missing, udp, a host port twice, a path port that is no number")
    void badInput() {
        long before = Instances.count();
        for (Object ports : List.of(
                List.of(Map.of("host", 0, "guest", 80)),
                List.of(Map.of("host", 65536, "guest", 80)),
                List.of(Map.of("host", 18080, "guest", 70000)),
                List.of(Map.of("host", 18080)),
                List.of(Map.of("guest", 80)),
                List.of(Map.of("host", 18080, "guest", 80, "protocol", "udp")),
                List.of(Map.of("host", 18080, "guest", 80), Map.of("host", 18080, "guest", 81)))) {
            given().contentType("application/json").body(Map.of("instance_type", "t2.nano", "image_id",
                    TestGuest.IMAGE_ID, "ports", ports))
                    .post("/api/instances").then().statusCode(422).contentType("application/problem+json")
                    .body("type", containsString("invalid-port-forward"));
        }
        assertThat(Instances.count()).isEqualTo(before);
        given().contentType("application/json").body(Map.of("host", 18080, "guest", 80, "protocol", "udp"))
                .post("/api/instances/i-00000000/ports").then().statusCode(422)
                .body("detail", containsString("only tcp"));
        given().contentType("application/json").body(Map.of("host", 18080, "guest", 80))
                .post("/api/instances/i-00000000/ports").then().statusCode(404);
        given().contentType("application/json").post("/api/instances/i-00000000/ports").then().statusCode(400);
        given().delete("/api/instances/i-00000000/ports/http").then().statusCode(422);
        given().delete("/api/instances/i-00000000/ports/0").then().statusCode(422);
        given().delete("/api/instances/i-00000000/ports/8080?protocol=udp").then().statusCode(422);
        given().delete("/api/instances/i-00000000/ports/8080").then().statusCode(404);
    }

    @Test
    @DisplayName("a claim left without its instance row (a crash in between) is released after a reconnection")
    void orphanReleased() throws Exception {
        int port = FreePorts.one();
        String ghost = "i-0badc0de";
        forwards.claim(ghost, List.of(new PortForward(port, 80, ForwardProtocol.TCP)));
        given().contentType("application/json").body(Map.of("instance_type", "t2.nano", "image_id",
                TestGuest.IMAGE_ID, "ports", List.of(Map.of("host", port, "guest", 80))))
                .post("/api/instances").then().statusCode(409).body("detail", containsString(ghost));
        connected.fire(new HypervisorConnected("qemu:///system"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> forwards.of(ghost).isEmpty());
        assertBindable(port);
    }

    private static String httpGet(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/index.html")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().trim();
    }

    /** The first line a server sends on connecting (an SSH server's version string). */
    private static String greeting(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(20000);
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                line.append((char) b);
            }
            return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).trim();
        }
    }

    private static void assertBindable(int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }
}
