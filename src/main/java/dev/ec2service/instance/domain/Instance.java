package dev.ec2service.instance.domain;

import dev.ec2service.network.port.Reservation;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

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

    /**
     * In user-mode networking: the port on 127.0.0.1 QEMU forwards to the guest's SSH; null on the NAT network
     * (the guest's own address is reachable there) and once terminated.
     */
    @Column(name = "ssh_port")
    public Integer sshPort;

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

    /** What the network holds for this instance: its address, MAC and forwarded SSH port. */
    public Reservation reservation() {
        return new Reservation(ipAddress, macAddress, sshPort);
    }

    /**
     * Where SSH to the guest answers: {@code 127.0.0.1:<port>} in user-mode networking, {@code <address>:22} on the
     * NAT network; empty while the instance has no address.
     */
    public Optional<SshEndpoint> sshEndpoint() {
        if (sshPort != null) {
            return Optional.of(new SshEndpoint(Reservation.FORWARD_HOST, sshPort));
        }
        return ipAddress == null || ipAddress.isBlank() ? Optional.empty() : Optional.of(new SshEndpoint(ipAddress, 22));
    }

    /** A host and port SSH answers on. */
    public record SshEndpoint(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
