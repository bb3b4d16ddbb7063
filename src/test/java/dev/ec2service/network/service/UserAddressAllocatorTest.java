package dev.ec2service.network.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UserAddressAllocatorTest {

    @Test
    @DisplayName("user mode: the SSH port is the lowest of the range that no instance holds and that can be bound")
    void firstFreePort() {
        assertThat(UserAddressAllocator.firstFree(2201, 2205, Set.of(), p -> true)).contains(2201);
        assertThat(UserAddressAllocator.firstFree(2201, 2205, Set.of(2201, 2202), p -> true)).contains(2203);
        // a port another program listens on is skipped, not handed out
        assertThat(UserAddressAllocator.firstFree(2201, 2205, Set.of(2201), p -> p != 2202)).contains(2203);
    }

    @Test
    @DisplayName("user mode: no port when every one is held or in use")
    void exhausted() {
        assertThat(UserAddressAllocator.firstFree(2201, 2202, Set.of(2201), p -> p != 2202)).isEmpty();
    }
}
