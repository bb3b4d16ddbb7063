package dev.ec2service.instance.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.hypervisor.DhcpHost;
import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorConnected;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceIds;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.service.Macs;
import dev.ec2service.network.service.NetworkSetup;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Transitions cut short (a crash, an outage) are finished from the state recorded in the database; a decision
 * made on a stale snapshot never overwrites a newer state; {@code error} is not a dead end. The interruptions are
 * made exactly: the row is put into the state a crash at that moment leaves behind, on a real VM.
 */
@QuarkusTest
class InterruptedTransitionsTest {

    private static final Duration SETTLE = Duration.ofSeconds(90);

    @Inject
    DataHome home;

    @Inject
    Hypervisor hypervisor;

    @Inject
    NetworkSetup network;

    @Inject
    InstanceStateSync sync;

    @Inject
    AddressAllocator addresses;

    @Inject
    InstanceResources resources;

    @Inject
    InstanceLocks locks;

    @Inject
    Event<HypervisorConnected> connected;

    @BeforeEach
    void image() {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
    }

    @Test
    @DisplayName("REQ-INST-007 REQ-INST-009 REQ-INST-012 interrupted launch, stop and termination finish from the recorded state; error can be started and is revisited")
    void interruptedTransitionsFinish() throws Exception {
        String id = Instances.create(Map.of("name", "interrupted", "instance_type", "t2.nano", "image_id",
                TestGuest.IMAGE_ID)).getString("id");
        String ip = Instances.awaitStatus(id, "running").getString("ip_address");
        // acpid starts before the SSH server: from then on the guest hears the power button
        awaitSshBanner(ip);

        // error is revisited: the domain runs, so the instance is running again
        change(id, i -> i.status = InstanceStatus.ERROR);
        sync.reconcileAll();
        awaitStatus(id, InstanceStatus.RUNNING);
        assertThat(row(id).stateReason).contains("running again");

        // a stop whose service died after recording it: nobody pressed the button, nobody waits
        change(id, i -> i.status = InstanceStatus.STOPPING);
        sync.reconcileAll();
        awaitStatus(id, InstanceStatus.STOPPED);
        assertThat(hypervisor.findDomain(id).orElseThrow().state()).isEqualTo(DomainState.SHUT_OFF);

        // a start that failed for a passing cause: error with its disk can be started
        change(id, i -> {
            i.status = InstanceStatus.ERROR;
            i.stateReason = "start failed: libvirt was briefly gone";
        });
        given().post("/api/instances/" + id + "/start").then().statusCode(200).body("status", equalTo("running"));

        // a launch whose service died half way: the disk was made, the seed and the domain were not. Made under
        // the instance's lock, as the service's own writers do, so the lifecycle events of this staging wait.
        locks.withLock(id, () -> {
            hypervisor.destroyDomain(id);
            hypervisor.undefineDomain(id);
            try {
                Files.delete(resources.seedIso(id));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            change(id, i -> {
                i.status = InstanceStatus.PENDING;
                i.launchedAt = null;
            });
            return null;
        });
        sync.reconcileAll();
        awaitStatus(id, InstanceStatus.RUNNING);
        assertThat(row(id).ipAddress).isEqualTo(ip);
        assertThat(resources.seedIso(id)).exists();
        assertThat(hypervisor.findDomain(id)).isPresent();

        // a termination whose service died after recording it: domain, files and address still there
        change(id, i -> i.status = InstanceStatus.SHUTTING_DOWN);
        sync.reconcileAll();
        awaitStatus(id, InstanceStatus.TERMINATED);
        assertThat(hypervisor.findDomain(id)).isEmpty();
        assertThat(home.instanceDir(id)).doesNotExist();
        assertThat(reservations()).noneMatch(h -> h.mac().equalsIgnoreCase(Macs.of(id)));
    }

    @Test
    @DisplayName("a reconcile decided on a stale snapshot does not overwrite a termination that came in between")
    void staleSnapshotDoesNotWin() {
        String id = InstanceIds.random();
        Instance row = new Instance();
        row.id = id;
        row.instanceType = "t2.nano";
        row.status = InstanceStatus.TERMINATED;
        row.vcpus = 1;
        row.memoryMb = 512;
        row.diskGb = 8;
        row.macAddress = Macs.of(id);
        row.imageId = TestGuest.IMAGE_ID;
        row.createdAt = Instant.now();
        row.terminatedAt = Instant.now();
        QuarkusTransaction.requiringNew().run(row::persist);

        // what the reconcile read before the termination committed: running, and the domain already gone
        Instance stale = QuarkusTransaction.requiringNew().call(() -> Instance.<Instance>findById(id));
        stale.status = InstanceStatus.RUNNING;
        sync.reconcile(stale, Optional.empty());

        assertThat(row(id).status).isEqualTo(InstanceStatus.TERMINATED);
    }

    @Test
    @DisplayName("lease polling returns to the slow interval when an instance is terminated before its first lease")
    void fastLeasePollingEnds() {
        String id = Instances.create(Map.of("name", "no-lease", "instance_type", "t2.nano", "image_id",
                TestGuest.IMAGE_ID)).getString("id");
        Instances.awaitStatus(id, "running");
        // the guest asks for its lease seconds after it boots; it is gone before that
        given().delete("/api/instances/" + id).then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> addresses.awaitingCount() == 0);
    }

    @Test
    @DisplayName("after a (re)connection, a reservation, directory or domain that no instance owns is released")
    void orphansAreReleased() throws Exception {
        String orphan = InstanceIds.random();
        String mac = Macs.of(orphan);
        // an older version's crash between the DHCP reservation and the row: nothing in the database owns these
        hypervisor.addDhcpHost(network.wanted().name(), new DhcpHost(mac, "192.168.100.253", orphan));
        Path dir = Files.createDirectories(home.instanceDir(orphan));
        Files.writeString(dir.resolve("disk.qcow2"), "left behind");

        connected.fire(new HypervisorConnected("qemu:///system"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(reservations()).noneMatch(h -> h.mac().equalsIgnoreCase(mac));
            assertThat(dir).doesNotExist();
        });
    }

    private List<DhcpHost> reservations() {
        return hypervisor.findNetwork(network.wanted().name()).orElseThrow().spec().hosts();
    }

    private static Instance row(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Instance.<Instance>findById(id));
    }

    /** A state a crash leaves behind, written under the instance's lock like every writer of the service. */
    private void change(String id, Consumer<Instance> change) {
        locks.withLock(id, () -> {
            QuarkusTransaction.requiringNew().run(() -> change.accept(Instance.<Instance>findById(id)));
            return null;
        });
    }

    private static void awaitSshBanner(String ip) {
        Awaitility.await().atMost(Instances.BOOT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(ip, 22), 2000);
                socket.setSoTimeout(5000);
                byte[] banner = socket.getInputStream().readNBytes(4);
                return new String(banner, java.nio.charset.StandardCharsets.US_ASCII).equals("SSH-");
            }
        });
    }

    private static void awaitStatus(String id, InstanceStatus status) {
        Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(250))
                .until(() -> row(id).status == status);
    }
}
