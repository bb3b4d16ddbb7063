package dev.ec2service.host.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HealthStatusTest {

    @Test
    @DisplayName("health says starting while startup steps run (libvirt not tried yet is no outage), then unavailable, degraded or ok")
    void overall() {
        assertThat(HealthService.overall(List.of("images", "libvirt"), false, List.of())).isEqualTo("starting");
        assertThat(HealthService.overall(List.of("libvirt"), true, List.of("no base image"))).isEqualTo("starting");
        assertThat(HealthService.overall(List.of(), false, List.of())).isEqualTo("unavailable");
        assertThat(HealthService.overall(List.of(), true, List.of("no base image"))).isEqualTo("degraded");
        assertThat(HealthService.overall(List.of(), true, List.of())).isEqualTo("ok");
    }
}
