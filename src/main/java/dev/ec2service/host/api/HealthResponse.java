package dev.ec2service.host.api;

import dev.ec2service.image.domain.ImageStatus;
import dev.ec2service.storage.port.QemuAccessCheck.QemuAccessReport;
import java.time.Instant;
import java.util.List;

/**
 * The quick pulse of {@code GET /api/monitor/health} (REQ-REL-002). {@code status} is {@code ok} only when a
 * launch can succeed right now; otherwise {@code degraded} with one entry in {@code warnings} per cause,
 * {@code unavailable} while libvirt cannot be reached, or {@code starting} while the startup work that runs after
 * the port opens is not finished: {@code starting} names those steps ({@code qemu-access}, {@code images},
 * {@code terminal-key}, {@code log-retention}, {@code libvirt}), empty once the service is up.
 */
public record HealthResponse(
        String status,
        Libvirt libvirt,
        Accelerator accelerator,
        Database database,
        NetworkMode networkMode,
        Network network,
        StoragePool storagePool,
        QemuAccessReport qemuAccess,
        List<ImageFile> images,
        List<String> warnings,
        List<String> starting) {

    public record Libvirt(boolean connected, String uri, String libvirtVersion, String hypervisor,
            String hypervisorVersion, String error) {
    }

    public record Accelerator(String inUse, String configured, String reason) {
    }

    /**
     * The network mode in force ({@code nat} or {@code user}), as configured ({@code auto}, {@code nat} or
     * {@code user}, {@code ec2.network.mode}) and why. In {@code user} mode {@code network} is null: there is no
     * libvirt network, each instance's SSH is forwarded from 127.0.0.1 (its {@code ssh_endpoint}).
     */
    public record NetworkMode(String inUse, String configured, String reason) {
    }

    public record Database(boolean ok, String path, int schemaVersion, String error) {
    }

    /**
     * The instance network. {@code lastAttemptAt} is when the service last had to define or start it,
     * {@code lastError} why that failed (null when it worked) and {@code nextAttemptAt} when it tries again
     * (only while failing).
     */
    public record Network(String name, boolean exists, boolean active, boolean autostart, String forwardMode,
            String gateway, int prefix, String dhcpStart, String dhcpEnd, Instant lastAttemptAt, String lastError,
            Instant nextAttemptAt) {
    }

    /** The storage pool; the attempt fields as for {@link Network}. */
    public record StoragePool(String name, boolean exists, boolean active, boolean autostart, String type,
            String path, Instant lastAttemptAt, String lastError, Instant nextAttemptAt) {
    }

    /** A base image's file (REQ-IMG-003): {@code present} is true when it can be launched from. */
    public record ImageFile(String id, String filePath, boolean present, ImageStatus status, String detail) {
    }
}
