package dev.ec2service.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RealEnvironmentTest {

    @Test
    @DisplayName("without the test environment a real test is skipped by hand and fails under CI")
    void missingEnvironment() {
        assertThatThrownBy(() -> RealEnvironment.require(Map.of(), "EC2_TEST_IMAGE", "run make test"))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("EC2_TEST_IMAGE")
                .hasMessageContaining("run make test");
        for (String ci : new String[] {"true", "1", "yes"}) {
            assertThatThrownBy(() -> RealEnvironment.require(Map.of("CI", ci), "EC2_TEST_IMAGE", "run make test"))
                    .isInstanceOf(AssertionFailedError.class).hasMessageContaining("EC2_TEST_IMAGE");
        }
        assertThatThrownBy(() -> RealEnvironment.require(Map.of("CI", "true", "EC2_TEST_IMAGE", " "), "EC2_TEST_IMAGE",
                "run make test")).isInstanceOf(AssertionFailedError.class);
        assertThatThrownBy(() -> RealEnvironment.require(Map.of("CI", "false"), "EC2_TEST_IMAGE", "run make test"))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    @DisplayName("with the environment the value is answered, CI or not")
    void presentEnvironment() {
        assertThat(RealEnvironment.require(Map.of("EC2_TEST_IMAGE", "/x.qcow2"), "EC2_TEST_IMAGE", "")).isEqualTo("/x.qcow2");
        assertThat(RealEnvironment.require(Map.of("CI", "true", "EC2_TEST_IMAGE", "/x.qcow2"), "EC2_TEST_IMAGE", ""))
                .isEqualTo("/x.qcow2");
    }
}
