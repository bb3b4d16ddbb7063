package dev.ec2service.platform.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ToolsTest {

    @Test
    @DisplayName("a tool that writes output and then hangs is killed at its timeout")
    void hungToolIsKilled() {
        // the old runner read the output to its end before it started the clock: it waited the whole 30 s
        assertThatThrownBy(() -> Tools.run(List.of("sh", "-c", "echo started; sleep 30"), Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not finish within 1 s")
                .hasMessageContaining("started");
    }

    @Test
    @DisplayName("a tool that reads its standard input gets end of file at once")
    void stdinIsClosed() throws IOException {
        assertThat(Tools.run(List.of("sh", "-c", "cat; echo done"), Duration.ofSeconds(10))).isEqualTo("done");
    }

    @Test
    @DisplayName("a failing tool's error names its exit code and output")
    void failureCarriesOutput() {
        assertThatThrownBy(() -> Tools.run(List.of("sh", "-c", "echo broken >&2; exit 3")))
                .hasMessageContaining("exit 3").hasMessageContaining("broken");
    }

    @Test
    @DisplayName("a tool that is not installed says so")
    void missingTool() {
        assertThatThrownBy(() -> Tools.run(List.of("/nonexistent/tool")))
                .isInstanceOf(Tools.ToolMissingException.class);
    }
}
