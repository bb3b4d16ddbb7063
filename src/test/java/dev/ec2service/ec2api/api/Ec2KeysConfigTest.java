package dev.ec2service.ec2api.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class Ec2KeysConfigTest {

    @Test
    @DisplayName("ec2.api.access-key without secret-key (or the reverse) stops the service instead of leaving the API open")
    void halfAKeyPairRefused() {
        assertThatThrownBy(() -> Ec2Dispatcher.requireBothOrNone(Optional.of("AKID"), Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("secret-key");
        assertThatThrownBy(() -> Ec2Dispatcher.requireBothOrNone(Optional.empty(), Optional.of("s")))
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> Ec2Dispatcher.requireBothOrNone(Optional.empty(), Optional.empty()))
                .doesNotThrowAnyException();
        assertThatCode(() -> Ec2Dispatcher.requireBothOrNone(Optional.of("a"), Optional.of("s")))
                .doesNotThrowAnyException();
    }
}
