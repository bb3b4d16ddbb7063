package dev.ec2service.keypair.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Private key file names stay apart on a case-insensitive file system (macOS) and within NAME_MAX. */
class PrivateKeyFileNameTest {

    @Test
    @DisplayName("every name of up to three characters from a mixed-case alphabet gets a file name no other differs from only in case")
    void caseInsensitivelyUnique() {
        String alphabet = "aAbB0._-";
        List<String> names = new ArrayList<>();
        for (char a : alphabet.toCharArray()) {
            names.add("" + a);
            for (char b : alphabet.toCharArray()) {
                names.add("" + a + b);
                for (char c : alphabet.toCharArray()) {
                    names.add("" + a + b + c);
                }
            }
        }
        Set<String> folded = new HashSet<>();
        for (String name : names) {
            String file = PrivateKeyFiles.fileName(name);
            assertThat(folded.add(file.toLowerCase(Locale.ROOT))).as("%s -> %s", name, file).isTrue();
            assertThat(file).doesNotContain(PrivateKeyFiles.SCRATCH_MARK);
        }
    }

    @Test
    @DisplayName("a file name shows its pair's name, is never a bare key name (the files written before), and the longest stay within 255 bytes")
    void readableAndShort() {
        assertThat(PrivateKeyFiles.fileName("my-key_1.pem")).startsWith("my-key_1.pem" + PrivateKeyFiles.CASE_MARK);
        assertThat(PrivateKeyFiles.fileName("MyKey")).startsWith("mykey" + PrivateKeyFiles.CASE_MARK);
        String longest = "K".repeat(KeyPairName.MAX_LENGTH);
        assertThat(PrivateKeyFiles.fileName(longest).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(PrivateKeyFiles.fileName(longest)).isNotEqualTo(PrivateKeyFiles.fileName(longest.toLowerCase()));
        // an older pair "A" has the file "A": a new pair "a" must not get a name equal to it in any case
        assertThat(PrivateKeyFiles.fileName("a").toLowerCase(Locale.ROOT)).isNotEqualTo("a");
    }
}
