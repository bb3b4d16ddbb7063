package dev.ec2service.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    @Test
    @DisplayName("text with NUL or an unpaired surrogate is refused; every real character passes")
    void defects() {
        assertThat(StrictJson.defect("")).isNull();
        assertThat(StrictJson.defect("ubuntu-22.04 é 日本 🙂 \t\n\u007f\ufffe")).isNull();
        assertThat(StrictJson.defect("a\u0000")).contains("NUL");
        assertThat(StrictJson.defect("\u0000")).contains("NUL");
        assertThat(StrictJson.defect("a\ud800")).contains("unpaired surrogate (U+D800)");
        assertThat(StrictJson.defect("\udc00a")).contains("U+DC00");
        assertThat(StrictJson.defect("\ud83d\ud83d\ude00")).contains("U+D83D");
        assertThat(StrictJson.defect("\ude00\ud83d")).contains("U+DE00");
    }

    @Test
    @DisplayName("UTF-8 is checked as RFC 3629 says: overlong forms, surrogates, beyond U+10FFFF and truncation fail")
    void utf8() {
        assertThat(invalidAt("{\"a\":\"é 日本 🙂 \u007f\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(invalidAt(bytes(0xEF, 0xBB, 0xBF, '{', '}'))).isEqualTo(-1);
        assertThat(invalidAt(bytes(0xF4, 0x8F, 0xBF, 0xBF))).isEqualTo(-1);
        assertThat(invalidAt(bytes('a', 0xC0, 0x80))).as("overlong NUL").isEqualTo(1);
        assertThat(invalidAt(bytes(0xC0, 0xAF))).as("overlong slash").isEqualTo(0);
        assertThat(invalidAt(bytes(0xC1, 0xBF))).isEqualTo(0);
        assertThat(invalidAt(bytes(0xE0, 0x80, 0xAF))).as("3-byte overlong").isEqualTo(1);
        assertThat(invalidAt(bytes(0xF0, 0x8F, 0xBF, 0xBF))).as("4-byte overlong").isEqualTo(1);
        assertThat(invalidAt(bytes(0xED, 0xA0, 0x80))).as("surrogate").isEqualTo(1);
        assertThat(invalidAt(bytes(0xF4, 0x90, 0x80, 0x80))).as("beyond U+10FFFF").isEqualTo(1);
        assertThat(invalidAt(bytes(0xF5, 0x80, 0x80, 0x80))).isEqualTo(0);
        assertThat(invalidAt(bytes(0xFF))).isEqualTo(0);
        assertThat(invalidAt(bytes('x', 0x80))).as("stray continuation").isEqualTo(1);
        assertThat(invalidAt(bytes('x', 0xE2, 0x82))).as("truncated").isEqualTo(1);
        assertThat(invalidAt(bytes(0xC3, 0x28))).isEqualTo(1);
    }

    private static int invalidAt(byte[] b) {
        return StrictJson.invalidUtf8At(b, 0, b.length);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
