package dev.ec2service.keypair.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ec2service.keypair.domain.SshKey;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A key pair as the API shows it (REQ-SSH-007); the private key only in the answer that generated it. */
@Schema(name = "KeyPair")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyPairResponse(
        String name,
        @Schema(description = "OpenSSH one-line public key: type base64 comment")
        String publicKey,
        @Schema(description = "MD5 of the key blob as colon-separated hex, as ssh-keygen -l -E md5 and EC2 show it",
                example = "d1:8a:3c:07:2e:58:9f:12:4b:7d:c2:60:11:9e:aa:f3")
        String fingerprint,
        @Schema(description = "SHA256 fingerprint as ssh-keygen -l shows it", example = "SHA256:Vb0...")
        String fingerprintSha256,
        @Schema(description = "OpenSSH key type", enumeration = { "ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256",
                "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521" })
        String keyType,
        Instant createdAt,
        @Schema(description = "Whether the service generated the pair and keeps its private key")
        boolean hasPrivateKey,
        @Schema(description = "OpenSSH private key; present only in the answer to a generation, never again")
        String privateKey) {

    public static KeyPairResponse of(SshKey key) {
        return withPrivateKey(key, null);
    }

    public static KeyPairResponse withPrivateKey(SshKey key, String privateKey) {
        return new KeyPairResponse(key.name, key.publicKey, key.fingerprint, key.fingerprintSha256, key.keyType,
                key.createdAt, key.privateKeyPath != null, privateKey);
    }

    @Override
    public String toString() {
        return "KeyPairResponse[name=" + name + ", fingerprint=" + fingerprint + "]";
    }
}
