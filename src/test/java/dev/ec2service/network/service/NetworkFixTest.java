package dev.ec2service.network.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.hypervisor.NetworkSpec;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The pure part of telling a user what keeps the network from starting; the real path is in NetworkOutageTest. */
class NetworkFixTest {

    private static final NetworkSpec WANTED = new NetworkSpec("ec2-as-service", "192.168.100.1", 24, "192.168.100.10",
            "192.168.100.254", List.of());

    @Test
    @DisplayName("subnets overlap when they agree on the bits of the shorter prefix")
    void overlap() throws Exception {
        InetAddress gw = InetAddress.getByName("192.168.100.1");
        assertThat(AddressHolders.overlap(gw, 24, InetAddress.getByName("192.168.100.77"), 24)).isTrue();
        assertThat(AddressHolders.overlap(gw, 24, InetAddress.getByName("192.168.0.1"), 16)).isTrue();
        assertThat(AddressHolders.overlap(gw, 24, InetAddress.getByName("192.168.101.1"), 24)).isFalse();
        assertThat(AddressHolders.overlap(gw, 24, InetAddress.getByName("192.168.100.129"), 25)).isTrue();
        assertThat(AddressHolders.overlap(gw, 24, InetAddress.getByName("127.0.0.1"), 8)).isFalse();
        assertThat(AddressHolders.overlap(gw, 24, InetAddress.getByName("::1"), 128)).isFalse();
    }

    @Test
    @DisplayName("an interface holding the subnet is named with the command that removes it and the setting that avoids it")
    void holderNamed() {
        String fix = NetworkSetup.fixFor("qemu:///system", WANTED,
                "internal error: Network is already in use by interface virbr1",
                List.of(new AddressHolders.Holder("virbr1", "192.168.100.1", 24)));
        assertThat(fix).startsWith("interface virbr1 holds 192.168.100.1/24, overlapping the network's 192.168.100.1/24")
                .contains("`sudo ip link delete virbr1`")
                .contains("virsh -c qemu:///system net-list --all")
                .contains("ec2.network.gateway");
    }

    @Test
    @DisplayName("a leftover dnsmasq, a session URI and an unknown cause each get their own advice")
    void otherCauses() {
        assertThat(NetworkSetup.fixFor("qemu:///system", WANTED,
                "internal error: Child process (dnsmasq) failed: failed to create listening socket for 192.168.100.1: "
                        + "Address already in use", List.of()))
                .contains("dnsmasq").contains("ss -lunp");
        assertThat(NetworkSetup.fixFor("qemu:///session", WANTED, "operation not supported", List.of()))
                .contains("qemu:///system").contains("ec2.libvirt.uri");
        assertThat(NetworkSetup.fixFor("qemu:///system", WANTED, "something else", List.of()))
                .contains("virsh -c qemu:///system net-start ec2-as-service");
        assertThat(NetworkSetup.fixFor("qemu:///system", WANTED, null, List.of()))
                .contains("outside the service");
    }
}
