package dev.ec2service.instance.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One instance, every field of REQ-INST-014 plus what the lifecycle needs; rows are kept after termination. */
@Entity
@Table(name = "instances")
public class Instance extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    @Column(name = "instance_type", nullable = false)
    public String instanceType;

    @Convert(converter = InstanceStatusColumn.class)
    @Column(nullable = false)
    public InstanceStatus status;

    @Column(name = "memory_mb", nullable = false)
    public int memoryMb;

    @Column(name = "disk_gb", nullable = false)
    public int diskGb;

    @Column(nullable = false)
    public int vcpus;

    @Column(name = "ip_address")
    public String ipAddress;

    @Column(name = "mac_address")
    public String macAddress;

    @Column(name = "ssh_key_name")
    public String sshKeyName;

    /** The key pair's public key as it was at launch, for a launch that resumes after the pair was deleted. */
    @Column(name = "public_key")
    public String publicKey;

    @Column(name = "image_id")
    public String imageId;

    @Column(name = "libvirt_uuid")
    public String libvirtUuid;

    /** Why the instance is in its state, e.g. the cause of an {@code error}. */
    @Column(name = "state_reason")
    public String stateReason;

    /** The user's cloud-init user data, byte for byte; never logged. */
    @Column(name = "user_data")
    public byte[] userData;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "launched_at")
    public Instant launchedAt;

    @Column(name = "terminated_at")
    public Instant terminatedAt;
}
