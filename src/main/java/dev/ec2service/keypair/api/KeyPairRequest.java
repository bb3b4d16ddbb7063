package dev.ec2service.keypair.api;

import dev.ec2service.keypair.service.KeyPairName;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/ssh-key}: either an import ({@code public_key}) or a generation ({@code generate}). */
@Schema(name = "KeyPairRequest", description = "Import a public key, or set generate to have a pair created")
public record KeyPairRequest(
        @Schema(description = "Unique name; 1-255 of A-Z a-z 0-9 . _ -", required = true, example = "laptop",
                minLength = 1, maxLength = KeyPairName.MAX_LENGTH, pattern = "^[A-Za-z0-9._-]+$")
        String name,
        @Schema(description = "OpenSSH one-line public key (type base64 [comment]); for imports",
                example = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb1... me@laptop")
        String publicKey,
        @Schema(description = "true to generate a new pair instead of importing one", defaultValue = "false")
        Boolean generate,
        // no schema default: generated clients send a default, and an import that carries key_type is refused
        @Schema(description = "Type of a generated pair (ed25519 or rsa 3072 bits); only with generate, which "
                + "makes ed25519 when it is absent", enumeration = { "ed25519", "rsa" })
        String keyType) {

    /** Never print the pasted text: it might be a private key sent by mistake. */
    @Override
    public String toString() {
        return "KeyPairRequest[name=" + name + ", generate=" + generate + "]";
    }
}
