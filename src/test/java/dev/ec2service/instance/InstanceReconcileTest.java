package dev.ec2service.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorConnected;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the service does when libvirt and its database disagree: after a restart (the connection
 * event is what a restart fires), when a guest powers itself off, when a domain vanishes.
 */
@QuarkusTest
class InstanceReconcileTest {

    @Inject
    DataHome home;

    @Inject
    Hypervisor hypervisor;

    @Inject
    Event<HypervisorConnected> connected;

    @BeforeEach
    void image() throws Exception {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
    }

    @Test
    @DisplayName("REQ-REL-001 REQ-INST-008 a running VM is adopted after a restart; a self-powered-off guest is stopped; a boot cut short with its guest paused resumes; a vanished domain is error")
    void reconcile() {
        String id = Instances.create(Map.of("name", "adopt-me", "instance_type", "t2.nano", "image_id",
                TestGuest.IMAGE_ID)).getString("id");
        try {
            Instances.awaitStatus(id, "running");

            // a database that fell behind while the service was down: the VM kept running
            setStatus(id, InstanceStatus.STOPPED);
            connected.fire(new HypervisorConnected("qemu:///system"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status(id) == InstanceStatus.RUNNING);
            assertThat(hypervisor.findDomain(id)).isPresent();

            // the guest powers itself off: the lifecycle event makes it stopped without anyone asking
            hypervisor.destroyDomain(id);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status(id) == InstanceStatus.STOPPED);

            // a crash between the two steps of a boot (QEMU started paused, the DHCP entry awaited): the boot
            // resumes from the row and lets the paused guest run rather than start it again
            setStatus(id, InstanceStatus.PENDING);
            hypervisor.startDomainPaused(id);
            assertThat(hypervisor.findDomain(id).orElseThrow().state()).isEqualTo(DomainState.PAUSED);
            connected.fire(new HypervisorConnected("qemu:///system"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status(id) == InstanceStatus.RUNNING);
            assertThat(hypervisor.findDomain(id).orElseThrow().state()).isEqualTo(DomainState.RUNNING);
            hypervisor.destroyDomain(id);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status(id) == InstanceStatus.STOPPED);

            // the domain disappears behind the service's back: error, with the reason
            hypervisor.undefineDomain(id);
            connected.fire(new HypervisorConnected("qemu:///system"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status(id) == InstanceStatus.ERROR);
            JsonPath row = Instances.get(id);
            assertThat(row.getString("state_reason")).contains("disappeared");
        } finally {
            given().delete("/api/instances/" + id).then().statusCode(200);
        }
    }

    private static InstanceStatus status(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Instance.<Instance>findById(id).status);
    }

    private static void setStatus(String id, InstanceStatus status) {
        QuarkusTransaction.requiringNew().run(() -> Instance.<Instance>findById(id).status = status);
    }
}
