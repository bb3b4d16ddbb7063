package dev.ec2service.keypair.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2service.keypair.KeyBlobs;
import dev.ec2service.keypair.SshKeygen;
import dev.ec2service.platform.api.Problem;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.error.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser and fingerprints on their own, held against ssh-keygen; no Quarkus. */
class OpenSshPublicKeyTest {

    @TempDir
    static Path dir;

    static Path rsa;
    static Path ed25519;
    static Path p256;

    @BeforeAll
    static void keys() {
        rsa = SshKeygen.generate(dir, "rsa", "rsa key", "-t", "rsa", "-b", "2048");
        ed25519 = SshKeygen.generate(dir, "ed25519", "ed key", "-t", "ed25519");
        p256 = SshKeygen.generate(dir, "p256", "p256 key", "-t", "ecdsa", "-b", "256");
    }

    @ParameterizedTest(name = "REQ-SSH-002/003 {0} parses and fingerprints as ssh-keygen does")
    @CsvSource({ "rsa,-b 2048", "rsa,-b 4096", "ed25519,", "ecdsa,-b 256", "ecdsa,-b 384", "ecdsa,-b 521" })
    void fingerprintsMatchSshKeygen(String type, String bits) {
        String[] args = bits == null ? new String[] { "-t", type } : new String[] { "-t", type, bits.split(" ")[0],
                bits.split(" ")[1] };
        Path key = SshKeygen.generate(dir, "fp-" + type + (bits == null ? "" : bits.replace(" ", "")), "c", args);
        Path pub = Path.of(key + ".pub");

        OpenSshPublicKey parsed = OpenSshPublicKey.parse(SshKeygen.publicLine(key));

        assertThat("MD5:" + parsed.md5Fingerprint()).isEqualTo(SshKeygen.fingerprint(pub, true));
        assertThat(parsed.sha256Fingerprint()).isEqualTo(SshKeygen.fingerprint(pub, false));
        assertThat(parsed.md5Fingerprint()).matches("([0-9a-f]{2}:){15}[0-9a-f]{2}");
        assertThat(parsed.line()).isEqualTo(SshKeygen.publicLine(key));
    }

    @Test
    @DisplayName("REQ-SSH-001 whitespace is normalised, a comment with spaces is kept, no comment is fine")
    void normalisesLine() {
        String[] fields = SshKeygen.publicLine(ed25519).split(" ");
        assertThat(OpenSshPublicKey.parse("  " + fields[0] + "\t" + fields[1] + "   my  laptop key \n").line())
                .isEqualTo(fields[0] + " " + fields[1] + " my  laptop key");
        OpenSshPublicKey bare = OpenSshPublicKey.parse(fields[0] + " " + fields[1]);
        assertThat(bare.line()).isEqualTo(fields[0] + " " + fields[1]);
        assertThat(bare.comment()).isEmpty();
    }

    @Test
    @DisplayName("REQ-SSH-002 ssh-dss and other types are refused as unsupported")
    void unsupportedTypes() {
        assertRefused("ssh-dss AAAAB3NzaC1kc3MAAACBAP== me", "unsupported-key-type", "ssh-dss is not supported");
        assertRefused("sk-ssh-ed25519@openssh.com AAAA me", "unsupported-key-type",
                "sk-ssh-ed25519@openssh.com is not supported");
        assertRefused("hello", "malformed-public-key", "not an OpenSSH public key");
    }

    @Test
    @DisplayName("REQ-SSH-001 base64 that does not decode is refused")
    void badBase64() {
        assertRefused("ssh-ed25519 AAAA!!!notbase64 me", "malformed-public-key", "base64 does not decode");
        assertRefused("ssh-ed25519", "malformed-public-key", "missing");
        assertRefused("   ", "malformed-public-key", "empty");
    }

    @Test
    @DisplayName("REQ-SSH-001 a blob whose inner type differs from the declared type is refused")
    void innerTypeMismatch() {
        String rsaBase64 = SshKeygen.publicLine(rsa).split(" ")[1];
        assertRefused("ecdsa-sha2-nistp256 " + rsaBase64, "key-type-mismatch",
                "key type inside the blob is ssh-rsa, declared ecdsa-sha2-nistp256");
    }

    @Test
    @DisplayName("REQ-SSH-001 RSA below 2048 bits is refused")
    void smallRsa() {
        Path small = SshKeygen.generate(dir, "rsa1024", "small", "-t", "rsa", "-b", "1024");
        assertRefused(SshKeygen.publicLine(small), "rsa-key-too-small",
                "RSA modulus is 1024 bits; at least 2048 are required");
    }

    @Test
    @DisplayName("REQ-SSH-001 ECDSA with a curve name that does not match the type is refused")
    void wrongCurveName() {
        byte[] point = KeyBlobs.ecdsaPoint(SshKeygen.blob(SshKeygen.publicLine(p256)));
        byte[] blob = KeyBlobs.ecdsa("ecdsa-sha2-nistp256", "nistp384", point);
        assertRefused(KeyBlobs.line("ecdsa-sha2-nistp256", blob), "key-type-mismatch",
                "curve name inside the blob is nistp384, declared ecdsa-sha2-nistp256");
    }

    @Test
    @DisplayName("REQ-SSH-001 ECDSA with a point that is not on the curve is refused")
    void pointOffCurve() {
        byte[] point = KeyBlobs.ecdsaPoint(SshKeygen.blob(SshKeygen.publicLine(p256)));
        point[point.length - 1] ^= 1;
        byte[] blob = KeyBlobs.ecdsa("ecdsa-sha2-nistp256", "nistp256", point);
        assertRefused(KeyBlobs.line("ecdsa-sha2-nistp256", blob), "invalid-key-material",
                "the ECDSA point is not on curve nistp256");
    }

    @Test
    @DisplayName("REQ-SSH-001 ECDSA with a compressed or truncated point is refused")
    void pointEncoding() {
        byte[] point = KeyBlobs.ecdsaPoint(SshKeygen.blob(SshKeygen.publicLine(p256)));
        byte[] compressed = Arrays.copyOf(point, 33);
        compressed[0] = 0x02;
        assertRefused(KeyBlobs.line("ecdsa-sha2-nistp256", KeyBlobs.ecdsa("ecdsa-sha2-nistp256", "nistp256",
                compressed)), "malformed-public-key", "not an uncompressed nistp256 point");
    }

    @Test
    @DisplayName("REQ-SSH-001 an Ed25519 key that is not 32 bytes is refused")
    void ed25519Length() {
        assertRefused(KeyBlobs.line("ssh-ed25519", KeyBlobs.ed25519(new byte[31])), "malformed-public-key",
                "an Ed25519 public key is 32 bytes; this one is 31");
    }

    @Test
    @DisplayName("REQ-SSH-001 trailing bytes after a valid key are refused, so one key has one fingerprint")
    void trailingBytes() {
        byte[] blob = SshKeygen.blob(SshKeygen.publicLine(ed25519));
        byte[] longer = Arrays.copyOf(blob, blob.length + 4);
        assertRefused(KeyBlobs.line("ssh-ed25519", longer), "malformed-public-key", "not in canonical form");
        assertRefused(KeyBlobs.line("ssh-ed25519", Arrays.copyOf(blob, 20)), "malformed-public-key", "truncated");
    }

    @Test
    @DisplayName("REQ-SSH-001 private keys in every common format are refused without echo")
    void privateKeys() throws Exception {
        String openssh = Files.readString(ed25519, StandardCharsets.UTF_8);
        Path pem = SshKeygen.generate(dir, "pem", "pem", "-t", "rsa", "-b", "2048", "-m", "PEM");
        String pemText = Files.readString(pem, StandardCharsets.UTF_8);
        String body = openssh.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        for (String secret : new String[] { openssh, pemText, body, "PuTTY-User-Key-File-3: ssh-ed25519\nx" }) {
            assertThatThrownBy(() -> OpenSshPublicKey.parse(secret))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        Problem problem = Problem.of(e.code(), e.getMessage());
                        assertThat(problem.type()).endsWith(":private-key-rejected");
                        assertThat(problem.detail()).doesNotContain(body.substring(20, 60));
                    });
        }
    }

    @Test
    @DisplayName("REQ-SSH-001 RFC 4716, PEM public keys and several lines are refused with a hint")
    void otherFormats() {
        String base64 = SshKeygen.publicLine(ed25519).split(" ")[1];
        assertRefused("---- BEGIN SSH2 PUBLIC KEY ----\n" + base64 + "\n---- END SSH2 PUBLIC KEY ----",
                "malformed-public-key", "ssh-keygen -i");
        assertRefused("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", "malformed-public-key",
                "PEM");
        String line = SshKeygen.publicLine(ed25519);
        assertRefused(line + "\n" + line, "malformed-public-key", "single line");
        assertRefused("ssh-ed25519 " + base64 + " bell\u0007", "malformed-public-key", "control characters");
    }

    @Test
    @DisplayName("REQ-SSH-003 the MD5 fingerprint of a fixed blob is its MD5 in colon hex")
    void md5OfKnownBlob() {
        // MD5("") = d41d8cd98f00b204e9800998ecf8427e; SHA-256("") = 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=
        assertThat(Fingerprints.md5(new byte[0])).isEqualTo("d4:1d:8c:d9:8f:00:b2:04:e9:80:09:98:ec:f8:42:7e");
        assertThat(Fingerprints.sha256(new byte[0]))
                .isEqualTo("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
    }

    @ParameterizedTest(name = "REQ-SSH-001 name ''{0}'' is refused")
    @ValueSource(strings = { "", "has space", "slash/name", "..", "ümlaut" })
    void badNames(String name) {
        assertThatThrownBy(() -> KeyPairName.require(name))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code().slug()).isEqualTo("invalid-key-name"));
    }

    @Test
    @DisplayName("names of 255 characters from the allowed alphabet are accepted, 256 are not")
    void nameLength() {
        assertThat(KeyPairName.require("a".repeat(255))).hasSize(255);
        assertThat(KeyPairName.require("my.key_2-b")).isEqualTo("my.key_2-b");
        assertThatThrownBy(() -> KeyPairName.require("a".repeat(256))).hasMessageContaining("at most 255");
    }

    @Test
    @DisplayName("REQ-SSH-001 base64 without padding is accepted and stored padded")
    void unpaddedBase64() {
        String[] fields = SshKeygen.publicLine(ed25519).split(" ");
        String unpadded = fields[1].replace("=", "");
        assertThat(OpenSshPublicKey.parse(fields[0] + " " + unpadded).line())
                .isEqualTo(fields[0] + " " + Base64.getEncoder().encodeToString(Base64.getDecoder().decode(unpadded)));
    }

    private static void assertRefused(String text, String slug, String detailPart) {
        assertThatThrownBy(() -> OpenSshPublicKey.parse(text))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.code().slug()).isEqualTo(slug);
                    assertThat(e.getMessage()).contains(detailPart);
                });
    }
}
