package dev.ec2service.instance.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.hypervisor.DhcpHost;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorConnected;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.Reservation;
import dev.ec2service.network.port.Spare;
import dev.ec2service.network.service.Macs;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.OwnLibvirtObjects;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Spare addresses: DHCP entries bound ahead of launches for instance ids drawn in advance, so a launch skips
 * libvirt's slow DHCP update. Runs with one spare on a network, pool and data home of its own (three addresses), so
 * the other tests, which count the entries of theirs, never see a spare.
 */
@QuarkusTest
@TestProfile(SpareAddressesTest.OneSpare.class)
class SpareAddressesTest {

    static final String NAME = "ec2-spare-test";
    static final Path HOME = Path.of(System.getenv().getOrDefault("EC2_TEST_HOME",
            System.getProperty("user.home") + "/.ec2-as-service-test") + "-spares");
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final List<String> RANGE = List.of("192.168.161.10", "192.168.161.11", "192.168.161.12");
    private static final Map<String, Object> NANO = Map.of("instance_type", "t2.nano", "image_id",
            TestGuest.IMAGE_ID);

    public static class OneSpare implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.home", HOME.toString(), "%test.ec2.home", HOME.toString(),
                    "ec2.network.name", NAME, "ec2.network.gateway", "192.168.161.1",
                    "ec2.network.dhcp-start", "192.168.161.10", "ec2.network.dhcp-end", "192.168.161.12",
                    "ec2.storage.pool-name", NAME, "%test.ec2.network.spare-addresses", "1",
                    // refills run after launches and connections only, where the test can see them come
                    "ec2.instances.reconcile-interval", "1h");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FreshNetwork.class));
        }
    }

    /** No network, pool or data home of an earlier run before the service starts, none left after it stopped. */
    public static class FreshNetwork implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            if (OwnLibvirtObjects.inTestNamespace()) {
                OwnLibvirtObjects.removeNetworkAndPool(NAME);
                OwnLibvirtObjects.deleteTree(HOME);
            }
            return Map.of();
        }

        @Override
        public void stop() {
            if (OwnLibvirtObjects.inTestNamespace()) {
                OwnLibvirtObjects.removeNetworkAndPool(NAME);
                OwnLibvirtObjects.deleteTree(HOME);
            }
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
    SpareRefill refill;

    @Inject
    Event<HypervisorConnected> connected;

    @BeforeEach
    void image() {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
    }

    @Test
    @DisplayName("REQ-NET-006 a launch takes the spare: its id, MAC and address, already in the network; a new spare follows")
    void launchTakesTheSpare() {
        Spare spare = awaitBoundSpare();
        JsonPath made = Instances.create(Map.of("name", "spare-taker", "instance_type", "t2.nano", "image_id",
                TestGuest.IMAGE_ID));
        String id = made.getString("id");
        try {
            assertThat(id).isEqualTo(spare.instanceId());
            assertThat(made.getString("mac_address")).isEqualToIgnoringCase(spare.reservation().mac())
                    .isEqualToIgnoringCase(Macs.of(id));
            assertThat(made.getString("ip_address")).isEqualTo(spare.reservation().ip());
            assertThat(addresses.spares()).extracting(Spare::instanceId).doesNotContain(id);
            Instances.awaitStatus(id, "running");
            Spare next = awaitBoundSpare();
            assertThat(next.instanceId()).isNotEqualTo(id);
            assertThat(next.reservation().ip()).isNotEqualTo(spare.reservation().ip());
        } finally {
            given().delete("/api/instances/" + id).then().statusCode(200);
        }
        assertThat(hosts()).noneMatch(h -> h.mac().equalsIgnoreCase(spare.reservation().mac()));
    }

    @Test
    @DisplayName("REQ-NET-007 a spare is an address launches may take: a range of three holds three instances, the last on the spare of the last address, and the fourth is refused")
    void spareAddressesAreNotLostToLaunches() {
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                // each launch finds a spare: the one made after the previous launch's boot
                Spare spare = awaitBoundSpare();
                String id = Instances.create(NANO).getString("id");
                ids.add(id);
                assertThat(id).isEqualTo(spare.instanceId());
                Instances.awaitStatus(id, "running");
            }
            assertThat(ids.stream().map(id -> Instances.get(id).getString("ip_address")))
                    .containsExactlyInAnyOrderElementsOf(RANGE);
            given().contentType("application/json").body(NANO).post("/api/instances").then().statusCode(409)
                    .body("type", equalTo("urn:ec2-as-service:problem:address-pool-exhausted"));
            refill.refill();
            assertThat(addresses.spares()).as("no address left for a spare").isEmpty();
        } finally {
            ids.forEach(id -> given().delete("/api/instances/" + id).then().statusCode(200));
        }
        // the next refill finds the range free again
        refill.refill();
        assertThat(addresses.spares()).hasSize(1);
    }

    @Test
    @DisplayName("a spare survives the sweep, is bound again after a crash before its entry, and one too many is released")
    void sparesAreRepairedAndNeverLeak() {
        Spare spare = awaitBoundSpare();
        // the sweep releases entries no instance owns; a spare's is not one of them
        addresses.releaseOrphans(addresses.holdings(), owner -> true);
        assertThat(hosts()).anyMatch(h -> h.mac().equalsIgnoreCase(spare.reservation().mac()));

        // a crash between the spare's record and its entry: the address is still the spare's, and the reconcile
        // of the next connection binds it
        hypervisor.removeDhcpHost(NAME, new DhcpHost(spare.reservation().mac(), spare.reservation().ip(),
                spare.instanceId()));
        addresses.holdings(); // a fresh read: the network view a launch reserves with no longer shows the entry
        List<Reservation> othersHeld = RANGE.stream().filter(ip -> !ip.equals(spare.reservation().ip()))
                .map(ip -> new Reservation(ip, null)).toList();
        String other = reservations.newId();
        assertThatThrownBy(() -> reservations.locked(() -> addresses.reserve(other, othersHeld)))
                .isInstanceOf(DomainException.class).hasMessageContaining("reserved");
        connected.fire(new HypervisorConnected("qemu:///system"));
        Awaitility.await().atMost(SETTLE).until(() -> bound(spare));
        assertThat(addresses.spares()).containsExactly(spare);

        // more spares than configured (the setting was lowered): the newest is forgotten and its entry removed;
        // made under the reservation lock, so no refill sees it half made
        String extraId = reservations.newId();
        Spare extra = reservations.locked(() -> {
            Spare made = new Spare(extraId, addresses.reserve(extraId, List.of()));
            addresses.recordSpare(made);
            addresses.bind(extraId, made.reservation());
            return made;
        });
        refill.refill();
        assertThat(addresses.spares()).containsExactly(spare);
        assertThat(hosts()).noneMatch(h -> h.mac().equalsIgnoreCase(extra.reservation().mac()));
        assertThat(bound(spare)).isTrue();
    }

    @Test
    @DisplayName("REQ-NET-002 a spare whose address the DHCP range no longer holds is never launched on, and is released")
    void spareOutsideTheRangeIsReleased() {
        Spare current = awaitBoundSpare();
        // a spare bound while the range still reached .20, the oldest one, as it would be after the range shrank
        String staleId = reservations.newId();
        Spare stale = new Spare(staleId, new Reservation("192.168.161.20", Macs.of(staleId)));
        try {
            reservations.locked(() -> {
                addresses.release(current.instanceId(), current.reservation());
                addresses.forgetSpare(current.instanceId());
                addresses.recordSpare(stale);
                addresses.bind(staleId, stale.reservation());
                return null;
            });

            LaunchReservations.Claim claim = reservations.locked(() -> reservations.claim(reservations.newId()));
            assertThat(claim.spare()).as("the spare a launch would take").isEmpty();

            refill.refill();
            assertThat(addresses.spares()).extracting(Spare::instanceId).doesNotContain(staleId).hasSize(1);
            assertThat(RANGE).contains(addresses.spares().get(0).reservation().ip());
            assertThat(hosts()).noneMatch(h -> h.mac().equalsIgnoreCase(stale.reservation().mac()));
        } finally {
            // the other tests of this class expect one spare in the range, whatever happened above
            addresses.release(staleId, stale.reservation());
            addresses.forgetSpare(staleId);
            refill.refill();
        }
    }

    /** The one spare, once the network hands its address out. */
    private Spare awaitBoundSpare() {
        Awaitility.await().atMost(SETTLE).until(() -> addresses.spares().size() == 1
                && RANGE.contains(addresses.spares().get(0).reservation().ip()) && bound(addresses.spares().get(0)));
        return addresses.spares().get(0);
    }

    private boolean bound(Spare spare) {
        return hosts().stream().anyMatch(h -> h.mac().equalsIgnoreCase(spare.reservation().mac())
                && h.ip().equals(spare.reservation().ip()) && spare.instanceId().equals(h.name()));
    }

    private List<DhcpHost> hosts() {
        return hypervisor.findNetwork(NAME).orElseThrow().spec().hosts();
    }
}
