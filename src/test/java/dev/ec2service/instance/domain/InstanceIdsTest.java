package dev.ec2service.instance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InstanceIdsTest {

    @Test
    @DisplayName("REQ-INST-003 ids are i- and 8 lowercase hex characters")
    void idFormat() {
        for (int n = 0; n < 1000; n++) {
            assertThat(InstanceIds.random()).matches("i-[0-9a-f]{8}");
        }
    }

    @Test
    @DisplayName("REQ-INST-002 the instance types carry the specified sizes")
    void types() {
        assertThat(InstanceType.byName("t2.nano")).hasValueSatisfying(t -> {
            assertThat(t.vcpus()).isEqualTo(1);
            assertThat(t.memoryMb()).isEqualTo(512);
            assertThat(t.diskGb()).isEqualTo(8);
        });
        assertThat(InstanceType.byName("t2.micro").orElseThrow().memoryMb()).isEqualTo(1024);
        assertThat(InstanceType.byName("t2.small").orElseThrow().diskGb()).isEqualTo(20);
        assertThat(InstanceType.byName("t2.medium").orElseThrow().vcpus()).isEqualTo(2);
        assertThat(InstanceType.byName("t2.large").orElseThrow().memoryMb()).isEqualTo(8192);
        assertThat(InstanceType.byName("m5.large")).isEmpty();
    }
}
