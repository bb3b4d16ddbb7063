package dev.ec2service.terminal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.error.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TerminalLogicTest {

    private static Instance row(InstanceStatus status, String ip) {
        Instance row = new Instance();
        row.id = "i-0123abcd";
        row.status = status;
        row.ipAddress = ip;
        return row;
    }

    @Test
    @DisplayName("REQ-TERM-007 REQ-TERM-008 only a running instance with an address is reachable; refusals name the status")
    void reachable() {
        TerminalTargets.requireReachable(row(InstanceStatus.RUNNING, "192.168.100.10"));
        assertThatThrownBy(() -> TerminalTargets.requireReachable(row(InstanceStatus.STOPPED, "192.168.100.10")))
                .isInstanceOf(DomainException.class).hasMessageContaining("is stopped")
                .satisfies(e -> assertThat(((DomainException) e).kind()).isEqualTo(Kind.CONFLICT));
        assertThatThrownBy(() -> TerminalTargets.requireReachable(row(InstanceStatus.PENDING, null)))
                .hasMessageContaining("is pending");
        assertThatThrownBy(() -> TerminalTargets.requireReachable(row(InstanceStatus.RUNNING, null)))
                .isInstanceOf(DomainException.class).hasMessageContaining("no IP address")
                .satisfies(e -> assertThat(((DomainException) e).kind()).isEqualTo(Kind.CONFLICT));
    }

    @Test
    @DisplayName("close reasons are cut to the 123 bytes a close frame holds, never inside a character")
    void closeReasonLength() {
        assertThat(TerminalSession.truncate("session ended (exit status 0)")).isEqualTo("session ended (exit status 0)");
        String longReason = "€".repeat(100);
        String cut = TerminalSession.truncate(longReason);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(cut).endsWith("...").doesNotContain("\uFFFD");
    }
}
