package dev.ec2service.image.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A base image (REQ-IMG-005): a catalogue entry or an image the user imported. */
@Entity
@Table(name = "images")
public class Image extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    public String description;

    @Column(nullable = false)
    public String os;

    @Column(nullable = false)
    public String arch;

    @Column(name = "file_path", nullable = false)
    public String filePath;

    /** The login user that cloud-init installs the instance's key for. */
    @Column(name = "default_user", nullable = false)
    public String defaultUser;

    /** {@code catalog} or {@code imported}. */
    @Column(nullable = false)
    public String source;

    @Column(name = "download_url")
    public String downloadUrl;

    @Column(name = "checksum_url")
    public String checksumUrl;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
