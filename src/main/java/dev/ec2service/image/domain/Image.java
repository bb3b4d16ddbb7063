package dev.ec2service.image.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A base image (REQ-IMG-005): a catalogue entry or an image the user imported. */
@Entity
@Table(name = "images")
public class Image extends PanacheEntityBase {

    public static final String SOURCE_CATALOG = "catalog";
    public static final String SOURCE_IMPORTED = "imported";

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

    /** {@link #SOURCE_CATALOG} or {@link #SOURCE_IMPORTED}. */
    @Column(nullable = false)
    public String source;

    @Column(name = "download_url")
    public String downloadUrl;

    @Column(name = "checksum_url")
    public String checksumUrl;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /**
     * The file's state as last recorded (at startup, after an import or a pull); the API
     * re-checks the file on every read, so this is the record, not the only truth.
     */
    @Enumerated(EnumType.STRING)
    public ImageStatus status = ImageStatus.MISSING;

    /** Why the image is missing or in error, e.g. the checksum mismatch of the last pull. */
    @Column(name = "status_detail")
    public String statusDetail;

    /** Disk size the guest sees, from the qcow2 header. */
    @Column(name = "virtual_size")
    public Long virtualSize;

    /** SHA-256 of the file as verified by a pull or computed while importing. */
    public String sha256;

    /** Progress of the running or interrupted download. */
    @Column(name = "bytes_done")
    public Long bytesDone;

    @Column(name = "bytes_total")
    public Long bytesTotal;

    @Column(name = "checked_at")
    public Instant checkedAt;

    public boolean fromCatalog() {
        return SOURCE_CATALOG.equals(source);
    }
}
