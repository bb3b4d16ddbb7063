package dev.ec2service.network.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AddressPoolTest {

    @Test
    @DisplayName("REQ-NET-002 addresses come from the configured range, lowest free first, never the gateway")
    void firstFree() {
        AddressPool pool = new AddressPool("192.168.100.10", "192.168.100.254", "192.168.100.1");
        assertThat(pool.size()).isEqualTo(245);
        assertThat(pool.firstFree(Set.of())).contains("192.168.100.10");
        assertThat(pool.firstFree(Set.of("192.168.100.10", "192.168.100.11"))).contains("192.168.100.12");
        AddressPool withGateway = new AddressPool("10.0.0.1", "10.0.0.2", "10.0.0.1");
        assertThat(withGateway.firstFree(Set.of())).contains("10.0.0.2");
    }

    @Test
    @DisplayName("an exhausted pool has no free address")
    void exhausted() {
        AddressPool pool = new AddressPool("192.168.100.200", "192.168.100.201", "192.168.100.1");
        assertThat(pool.firstFree(Set.of("192.168.100.200", "192.168.100.201"))).isEmpty();
    }

    @Test
    @DisplayName("an address a launch may be given is in the range and not the gateway")
    void assignable() {
        AddressPool pool = new AddressPool("10.0.0.1", "10.0.0.3", "10.0.0.1");
        assertThat(pool.assignable("10.0.0.2")).isTrue();
        assertThat(pool.assignable("10.0.0.3")).isTrue();
        assertThat(pool.assignable("10.0.0.1")).as("the gateway").isFalse();
        assertThat(pool.assignable("10.0.0.4")).isFalse();
        assertThat(pool.assignable("not an address")).isFalse();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new AddressPool("192.168.100.20", "192.168.100.10", "192.168.100.1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressPool.toLong("300.1.1.1")).isInstanceOf(IllegalArgumentException.class);
    }
}
