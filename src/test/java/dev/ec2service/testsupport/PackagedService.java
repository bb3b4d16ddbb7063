package dev.ec2service.testsupport;

import static io.restassured.RestAssured.given;

import dev.ec2service.platform.process.Tools;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** The packaged service (target/quarkus-app) run as a real process with its own data home and port. */
public final class PackagedService implements AutoCloseable {

    private final Path home;
    private final int port;
    private final String log;
    private Process process;

    public PackagedService(String name) throws IOException {
        // beside the test run's own data home, so test runs in other environments never share it
        String base = System.getenv().getOrDefault("EC2_TEST_HOME",
                Path.of(System.getProperty("user.home"), ".ec2-as-service-test").toString());
        this.home = Path.of(base + "-" + name);
        this.log = "target/" + name + ".log";
        Tools.run(List.of("rm", "-rf", home.toString()));
        port = FreePorts.one();
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = port;
    }

    public Path home() {
        return home;
    }

    /** What the service has printed (all its runs of this test run, appended). */
    public String output() throws IOException {
        Path file = Path.of(log);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Starts the service and waits until its health answers 200 with nothing left {@code starting}. */
    public void start() {
        String jar = System.getProperty("service.jar", "target/quarkus-app/quarkus-run.jar");
        try {
            ProcessBuilder builder = new ProcessBuilder("java", "-jar", jar)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log)));
            // the service reads its settings from the environment, as from a user's shell
            builder.environment().put("EC2_HOME", home.toString());
            builder.environment().put("EC2_HTTP_PORT", Integer.toString(port));
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + jar, e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    Response health = given().get("/api/monitor/health");
                    return health.statusCode() == 200 && health.jsonPath().getList("starting").isEmpty();
                });
    }

    /** A clean shutdown (SIGTERM). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        process = null;
    }

    /** A crash: SIGKILL, nothing of the service's shutdown runs. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
        process = null;
    }

    /**
     * Stops the service and removes its data home with the domains whose disks are in it: instances, and a launch
     * prepared ahead that a crash (kill) left behind.
     */
    @Override
    public void close() throws Exception {
        stop();
        for (String name : OwnLibvirtObjects.virsh("list", "--all", "--name").lines().map(String::strip).toList()) {
            try {
                if (name.startsWith("i-")
                        && OwnLibvirtObjects.virsh("dumpxml", "--inactive", name).contains("'" + home + "/")) {
                    OwnLibvirtObjects.quietly("virsh", "-c", "qemu:///system", "destroy", name);
                    OwnLibvirtObjects.quietly("virsh", "-c", "qemu:///system", "undefine", name);
                }
            } catch (IOException e) {
                // gone between the list and its description
            }
        }
        Tools.run(List.of("rm", "-rf", home.toString()));
        RestAssured.reset();
    }
}
