package dev.ec2service.image.download;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChecksumListTest {

    private static final String A = "a".repeat(64);
    private static final String B = "0123456789ABCDEF".repeat(4);

    @Test
    @DisplayName("SHA256SUMS in binary (*name) and text (two spaces) form")
    void parsesBothForms() {
        ChecksumList list = ChecksumList.parse(A + " *ubuntu-22.04-server-cloudimg-amd64.img\n"
                + B + "  ubuntu-22.04-server-cloudimg-arm64.img\r\n"
                + "\n# not a checksum line\n" + A + " *./with-dot.img\n");

        assertThat(list.size()).isEqualTo(3);
        assertThat(list.find("ubuntu-22.04-server-cloudimg-amd64.img")).contains(A);
        assertThat(list.find("ubuntu-22.04-server-cloudimg-arm64.img")).contains(B.toLowerCase());
        assertThat(list.find("with-dot.img")).contains(A);
        assertThat(list.find("ubuntu-22.04-server-cloudimg-amd64.img.zsync")).isEmpty();
    }

    @Test
    @DisplayName("Content-Range of a partial answer and of a 416")
    void parsesContentRange() {
        assertThat(ContentRange.parse("bytes 100-199/200")).contains(new ContentRange(100L, 199L, 200L));
        assertThat(ContentRange.parse("bytes */200")).contains(new ContentRange(null, null, 200L));
        assertThat(ContentRange.parse("bytes 0-9/*")).contains(new ContentRange(0L, 9L, null));
        assertThat(ContentRange.parse("items 1-2/3")).isEmpty();
        assertThat(ContentRange.parse(null)).isEmpty();
    }
}
