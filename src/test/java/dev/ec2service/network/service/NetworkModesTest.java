package dev.ec2service.network.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.network.port.ActiveNetworkMode;
import dev.ec2service.platform.config.NetworkMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NetworkModesTest {

    @Test
    @DisplayName("auto takes the NAT network on qemu:///system outside macOS")
    void autoSystem() {
        ActiveNetworkMode mode = NetworkModes.decide(NetworkMode.AUTO, false, "qemu:///system");
        assertThat(mode.mode()).isEqualTo(NetworkMode.NAT);
        assertThat(mode.reason()).contains("auto").contains("qemu:///system");
    }

    @Test
    @DisplayName("auto takes user-mode networking on a session connection, which cannot build a bridge")
    void autoSession() {
        ActiveNetworkMode mode = NetworkModes.decide(NetworkMode.AUTO, false, "qemu:///session");
        assertThat(mode.mode()).isEqualTo(NetworkMode.USER);
        assertThat(mode.reason()).contains("session");
    }

    @Test
    @DisplayName("auto always takes user-mode networking on macOS, even on a system URI")
    void autoMac() {
        assertThat(NetworkModes.decide(NetworkMode.AUTO, true, "qemu:///system").mode()).isEqualTo(NetworkMode.USER);
        assertThat(NetworkModes.decide(NetworkMode.AUTO, true, "qemu:///session").reason()).contains("macOS");
    }

    @Test
    @DisplayName("a configured mode is taken as it is and says so")
    void configured() {
        assertThat(NetworkModes.decide(NetworkMode.NAT, true, "qemu:///session").mode()).isEqualTo(NetworkMode.NAT);
        ActiveNetworkMode user = NetworkModes.decide(NetworkMode.USER, false, "qemu:///system");
        assertThat(user.mode()).isEqualTo(NetworkMode.USER);
        assertThat(user.reason()).contains("ec2.network.mode=user");
    }
}
