package dev.ec2service.network.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MacsTest {

    @Test
    @DisplayName("REQ-NET-006 the MAC is derived from the id, locally administered and one-to-one")
    void macFromId() {
        assertThat(Macs.of("i-0a1b2c3d")).isEqualTo("52:54:0a:1b:2c:3d");
        int firstOctet = Integer.parseInt(Macs.of("i-ffffffff").substring(0, 2), 16);
        assertThat(firstOctet & 0b10).as("locally administered bit").isEqualTo(0b10);
        assertThat(firstOctet & 0b01).as("unicast").isZero();
        Set<String> macs = new HashSet<>();
        Set<String> ids = new HashSet<>();
        Random random = new Random(42);
        for (int n = 0; n < 5000; n++) {
            String id = String.format(Locale.ROOT, "i-%08x", random.nextInt());
            if (ids.add(id)) {
                assertThat(macs.add(Macs.of(id))).isTrue();
            }
        }
        assertThatThrownBy(() -> Macs.of("i-XYZ")).isInstanceOf(IllegalArgumentException.class);
    }
}
