package dev.ec2service.ec2api.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2service.ec2api.api.Ec2Exception;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pure logic of SigV4: the signature covers the body that arrived, and bad presign times are AuthFailure. */
class SigV4BodyTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final String AMZ_DATE = "20260102T030405Z";

    private static SigV4.SignedRequest request(String query, String body, String contentSha) {
        Map<String, String> headers = contentSha == null ? Map.of("host", "127.0.0.1:8000", "x-amz-date", AMZ_DATE)
                : Map.of("host", "127.0.0.1:8000", "x-amz-date", AMZ_DATE, "x-amz-content-sha256", contentSha);
        return new SigV4.SignedRequest("POST", "/", query, name -> headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static SigV4.Credential credential(List<String> signedHeaders, String signature) {
        return new SigV4.Credential("AKID", "20260102", "us-east-1", "ec2", signedHeaders, signature, AMZ_DATE, false,
                Optional.empty());
    }

    private static String hash(String body) {
        return SigV4.hex(SigV4.sha256(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("a signed body swapped for another, with x-amz-content-sha256 still naming the original, is SignatureDoesNotMatch")
    void swappedBody() {
        String original = "Action=DescribeRegions&Version=2016-11-15";
        List<String> signed = List.of("host", "x-amz-content-sha256", "x-amz-date");
        String signature = SigV4.signature(request("", original, hash(original)), credential(signed, ""), "secret",
                hash(original));
        assertThatCode(() -> SigV4.verify(request("", original, hash(original)), credential(signed, signature),
                "AKID", "secret", NOW)).doesNotThrowAnyException();
        String swapped = "Action=TerminateInstances&InstanceId.1=i-0123abcd";
        assertThatThrownBy(() -> SigV4.verify(request("", swapped, hash(original)), credential(signed, signature),
                "AKID", "secret", NOW)).isInstanceOfSatisfying(Ec2Exception.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    @DisplayName("UNSIGNED-PAYLOAD on a header-signed request with a body is SignatureDoesNotMatch")
    void unsignedPayloadWithBody() {
        List<String> signed = List.of("host", "x-amz-content-sha256", "x-amz-date");
        String body = "Action=DeleteKeyPair&KeyName=k";
        String signature = SigV4.signature(request("", body, "UNSIGNED-PAYLOAD"), credential(signed, ""), "secret",
                "UNSIGNED-PAYLOAD");
        assertThatThrownBy(() -> SigV4.verify(request("", body, "UNSIGNED-PAYLOAD"), credential(signed, signature),
                "AKID", "secret", NOW)).isInstanceOfSatisfying(Ec2Exception.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    @DisplayName("a presigned request with a huge X-Amz-Expires is AuthFailure, not an internal error")
    void hugeExpires() {
        SigV4.Credential presigned = new SigV4.Credential("AKID", "20260102", "us-east-1", "ec2", List.of("host"),
                "00", AMZ_DATE, true, Optional.of(Long.MAX_VALUE));
        assertThatThrownBy(() -> SigV4.verify(request("Action=DescribeRegions", "", null), presigned, "AKID",
                "secret", NOW)).isInstanceOfSatisfying(Ec2Exception.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo("AuthFailure"));
    }
}
