package dev.ec2service.instance.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class CloudInitSeedTest {

    @Test
    @DisplayName("REQ-INST-005 meta-data carries the keys as public-keys and survives hostile text")
    void metaDataRoundTrips() {
        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB7 me: \"quoted\" # not a comment";
        String yaml = CloudInitSeed.metaData("i-0123abcd", "web-1", List.of(key));
        Map<String, Object> parsed = new Yaml().load(yaml);
        assertThat(parsed).containsEntry("instance-id", "i-0123abcd").containsEntry("local-hostname", "web-1");
        assertThat(parsed.get("public-keys")).isEqualTo(List.of(key));
        assertThat(CloudInitSeed.metaData("i-0123abcd", "h", List.of())).doesNotContain("public-keys");
    }

    @Test
    void hostnameFromName() {
        assertThat(CloudInitSeed.hostname("i-0123abcd", "My Web Server!")).isEqualTo("my-web-server");
        assertThat(CloudInitSeed.hostname("i-0123abcd", "日本")).isEqualTo("i-0123abcd");
        assertThat(CloudInitSeed.hostname("i-0123abcd", null)).isEqualTo("i-0123abcd");
        assertThat(CloudInitSeed.hostname("i-0123abcd", "x".repeat(100))).hasSize(63);
    }
}
