package dev.ec2service.terminal.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TerminalSocketTest {

    @Test
    @DisplayName("cols and rows from the query are taken, 80x24 when missing or nonsense (the PTY size itself: TerminalTest.resize)")
    void initialSize() {
        assertThat(TerminalSocket.size("120", 80)).isEqualTo(120);
        assertThat(TerminalSocket.size(" 30 ", 24)).isEqualTo(30);
        assertThat(TerminalSocket.size(null, 80)).isEqualTo(80);
        assertThat(TerminalSocket.size("-3", 24)).isEqualTo(24);
        assertThat(TerminalSocket.size("abc", 24)).isEqualTo(24);
        assertThat(TerminalSocket.size("999999", 24)).isEqualTo(24);
    }
}
