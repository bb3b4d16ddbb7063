package dev.ec2service.instance.service;

import static io.restassured.RestAssured.given;
import static dev.ec2service.testsupport.OwnLibvirtObjects.virsh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.hypervisor.DomainInfo;
import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorConnected;
import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.Spare;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.OwnLibvirtObjects;
import dev.ec2service.testsupport.Ssh;
import dev.ec2service.testsupport.TestGuest;
import dev.ec2service.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A launch prepared ahead: the spare address's domain, started paused with the disk of the last launch's image
 * and type and an empty seed drive. Runs on a network, pool and data home of its own, as {@link SpareAddressesTest};
 * its range is wide enough that no launch is given an address still leased to an instance launched before (dnsmasq
 * would not hand it out).
 */
@QuarkusTest
@TestProfile(PreparedLaunchTest.Prepared.class)
class PreparedLaunchTest {

    static final String NAME = "ec2-prep-test";
    static final Path HOME = Path.of(System.getenv().getOrDefault("EC2_TEST_HOME",
            System.getProperty("user.home") + "/.ec2-as-service-test") + "-prepared");
    /** A guest's boot to its lease, then its SSH (the refill waits for it, at most BOUND), then the preparation. */
    private static final Duration SETTLE = Instances.BOOT.plus(BootSettling.BOUND);
    private static final String USER_DATA = "#!/bin/sh\necho seed-of-the-prepared-launch > /tmp/ec2-user-data\n";

    public static class Prepared implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.home", HOME.toString(), "%test.ec2.home", HOME.toString(),
                    "ec2.network.name", NAME, "ec2.network.gateway", "192.168.162.1",
                    "ec2.network.dhcp-start", "192.168.162.10", "ec2.network.dhcp-end", "192.168.162.60",
                    "ec2.storage.pool-name", NAME, "%test.ec2.network.spare-addresses", "1",
                    "%test.ec2.instances.prepare-launches", "true",
                    "ec2.instances.reconcile-interval", "1h");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FreshNetwork.class));
        }
    }

    /**
     * No network, pool, data home or domain of an earlier run before the service starts, none left after it
     * stopped (a run cut short leaves its prepared domain).
     */
    public static class FreshNetwork implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            clean();
            return Map.of();
        }

        @Override
        public void stop() {
            clean();
        }

        private static void clean() {
            if (!OwnLibvirtObjects.inTestNamespace()) {
                return;
            }
            Path instances = HOME.resolve("instances");
            if (Files.isDirectory(instances)) {
                try (Stream<Path> dirs = Files.list(instances)) {
                    dirs.map(d -> d.getFileName().toString()).forEach(id -> {
                        OwnLibvirtObjects.quietly("virsh", "-c", "qemu:///system", "destroy", id);
                        OwnLibvirtObjects.quietly("virsh", "-c", "qemu:///system", "undefine", id);
                    });
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            OwnLibvirtObjects.removeNetworkAndPool(NAME);
            OwnLibvirtObjects.deleteTree(HOME);
        }
    }

    @Inject
    DataHome home;

    @Inject
    Hypervisor hypervisor;

    @Inject
    AddressAllocator addresses;

    @Inject
    LaunchReservations reservations;

    @Inject
    Event<HypervisorConnected> connected;

    @BeforeEach
    void image() {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
    }

    @Test
    @DisplayName("a launch like the last one takes the QEMU prepared for it: the same domain, its seed inserted (key, user data, name), kept in its definition")
    void launchLikeTheLastTakesThePreparedDomain() throws Exception {
        Path dir = Files.createTempDirectory("prepared-launch");
        try {
            Path key = TestKeys.generate(dir, "prep-key");
            TestKeys.store("prep-key", key);
            Spare spare = launchAndAwaitPrepared(Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID));
            assertThat(prepared(spare.instanceId())).containsEntry("type", "t2.nano")
                    .containsEntry("image", TestGuest.IMAGE_ID).containsEntry("mac", spare.reservation().mac());
            String preparedUuid = hypervisor.findDomain(spare.instanceId()).orElseThrow().uuid();

            String id = Instances.create(Map.of("name", "prepared-taker", "instance_type", "t2.nano", "image_id",
                    TestGuest.IMAGE_ID, "ssh_key_name", "prep-key", "user_data", USER_DATA)).getString("id");
            try {
                assertThat(id).isEqualTo(spare.instanceId());
                Instances.awaitStatus(id, "running");
                assertThat(hypervisor.findDomain(id).orElseThrow().uuid()).as("the prepared domain, not a new one")
                        .isEqualTo(preparedUuid);
                assertThat(home.instanceDir(id).resolve(PreparedLaunches.MARKER)).doesNotExist();
                // the guest read the seed inserted after QEMU started: the user's key logs in, the user data ran
                String out = Ssh.await(spare.reservation().ip(), TestGuest.USER, key,
                        "cat /tmp/ec2-user-data; hostname", Instances.BOOT);
                assertThat(out).contains("seed-of-the-prepared-launch").contains("prepared-taker");
                // the next start boots the same: the seed and the instance's description are in the definition
                String definition = virsh("dumpxml", "--inactive", id);
                assertThat(definition).contains(home.instanceDir(id).resolve("cloud-init.iso").toString())
                        .contains("prepared-taker").contains("prep-key");
            } finally {
                given().delete("/api/instances/" + id).then().statusCode(200);
            }
            assertThat(hypervisor.findDomain(id)).isEmpty();
            assertThat(home.instanceDir(id)).doesNotExist();
        } finally {
            OwnLibvirtObjects.deleteTree(dir);
        }
    }

    @Test
    @DisplayName("a launch of another type removes the prepared domain and is brought up as usual; the next is prepared for its type")
    void launchOfAnotherTypeReplacesThePreparedDomain() throws IOException {
        Spare spare = launchAndAwaitPrepared(Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID));
        String preparedUuid = hypervisor.findDomain(spare.instanceId()).orElseThrow().uuid();

        String id = Instances.create(Map.of("instance_type", "t2.micro", "image_id", TestGuest.IMAGE_ID))
                .getString("id");
        try {
            assertThat(id).isEqualTo(spare.instanceId());
            Instances.awaitStatus(id, "running");
            assertThat(hypervisor.findDomain(id).orElseThrow().uuid()).isNotEqualTo(preparedUuid);
            assertThat(virsh("dumpxml", id)).contains("<memory unit='KiB'>1048576</memory>");
            // brought up as any launch: its own seed, written after the prepared directory was removed
            assertThat(home.instanceDir(id).resolve("cloud-init.iso")).exists();
            assertThat(home.instanceDir(id).resolve(PreparedLaunches.MARKER)).doesNotExist();
            assertThat(virsh("dumpxml", "--inactive", id))
                    .contains(home.instanceDir(id).resolve("cloud-init.iso").toString());
            Spare next = awaitPrepared(marker -> "t2.micro".equals(marker.get("type")));
            assertThat(next.instanceId()).isNotEqualTo(id);
        } finally {
            given().delete("/api/instances/" + id).then().statusCode(200);
        }
    }

    @Test
    @DisplayName("what was prepared never leaks: not for an address no longer spare (a crash), nor for an image being deleted")
    void preparedDomainsNeverLeak() throws IOException {
        Spare spare = launchAndAwaitPrepared(Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID));
        // a crash after the spare was given up, before its domain went: the sweep of the next connection finds the
        // marked directory of an id that is neither an instance nor a spare
        reservations.locked(() -> {
            addresses.release(spare.instanceId(), spare.reservation());
            addresses.forgetSpare(spare.instanceId());
            return null;
        });
        connected.fire(new HypervisorConnected("qemu:///system"));
        Awaitility.await().atMost(SETTLE).ignoreExceptionsInstanceOf(HypervisorException.class)
                .until(() -> hypervisor.findDomain(spare.instanceId()).isEmpty()
                && !Files.exists(home.instanceDir(spare.instanceId())));
        Spare next = awaitPrepared();
        assertThat(next.instanceId()).isNotEqualTo(spare.instanceId());

        // an image whose file a prepared disk is over is deleted: the prepared domain goes first
        Path copy = HOME.resolve("second-guest.qcow2");
        Files.copy(TestGuest.imageFile(), copy);
        TestGuest.importImage("second-guest", copy);
        Spare onSecond = launchAndAwaitPrepared(Map.of("instance_type", "t2.nano", "image_id", "second-guest"));
        assertThat(prepared(onSecond.instanceId())).containsEntry("image", "second-guest");
        given().delete("/api/images/second-guest").then().statusCode(204);
        assertThat(hypervisor.findDomain(onSecond.instanceId())).isEmpty();
        assertThat(home.instanceDir(onSecond.instanceId())).doesNotExist();
        assertThat(addresses.spares()).extracting(Spare::instanceId).contains(onSecond.instanceId());
    }

    /** Launches one instance of the shape, waits until the spare is prepared for it, and terminates it. */
    private Spare launchAndAwaitPrepared(Map<String, Object> shape) {
        String id = Instances.create(new HashMap<>(shape)).getString("id");
        try {
            Instances.awaitStatus(id, "running");
            return awaitPrepared(marker -> shape.get("instance_type").equals(marker.get("type"))
                    && shape.get("image_id").equals(marker.get("image")));
        } finally {
            given().delete("/api/instances/" + id).then().statusCode(200);
        }
    }

    private Spare awaitPrepared() {
        return awaitPrepared(marker -> true);
    }

    /** The one spare, once its domain is prepared and paused and its marker says what {@code fits} wants. */
    private Spare awaitPrepared(Predicate<Map<String, String>> fits) {
        AtomicReference<Spare> found = new AtomicReference<>();
        Awaitility.await().atMost(SETTLE).ignoreExceptionsInstanceOf(HypervisorException.class).until(() -> {
            List<Spare> spares = addresses.spares();
            if (spares.size() != 1) {
                return false;
            }
            Spare spare = spares.get(0);
            Map<String, String> marker = prepared(spare.instanceId());
            found.set(spare);
            return !marker.isEmpty() && fits.test(marker) && paused(spare.instanceId());
        });
        return found.get();
    }

    private boolean paused(String id) {
        return hypervisor.findDomain(id).map(DomainInfo::state).orElse(null) == DomainState.PAUSED;
    }

    /** The marker of what the spare's domain was prepared for; empty when none is. */
    private Map<String, String> prepared(String id) {
        Path marker = home.instanceDir(id).resolve(PreparedLaunches.MARKER);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(marker)) {
            p.load(in);
        } catch (IOException e) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return values;
    }
}
