package dev.ec2service.keypair.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** An SSH key pair's public half and its metadata (REQ-SSH-007). */
@Entity
@Table(name = "ssh_keys")
public class SshKey extends PanacheEntityBase {

    @Id
    public String name;

    @Column(name = "public_key", nullable = false)
    public String publicKey;

    /** MD5 fingerprint as {@code aa:bb:...}, as {@code ssh-keygen -E md5} and EC2 show it (REQ-SSH-003). */
    @Column(nullable = false)
    public String fingerprint;

    @Column(name = "fingerprint_sha256")
    public String fingerprintSha256;

    @Column(name = "key_type")
    public String keyType;

    /** Where the private key of a generated pair is kept; null for imported keys. */
    @Column(name = "private_key_path")
    public String privateKeyPath;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The pair holding this key material, found by its SHA256 fingerprint (a hash of the whole blob). */
    public static Optional<SshKey> findByMaterial(String fingerprintSha256) {
        return find("fingerprintSha256", fingerprintSha256).firstResultOptional();
    }
}
