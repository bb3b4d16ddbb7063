package dev.ec2service.host.api;

import dev.ec2service.image.domain.ImageStatus;
import dev.ec2service.storage.service.QemuAccess.QemuAccessReport;
import java.util.List;

/** The quick pulse of {@code GET /api/monitor/health} (REQ-REL-002). */
public record HealthResponse(
        String status,
        Libvirt libvirt,
        Accelerator accelerator,
        Database database,
        Network network,
        StoragePool storagePool,
        QemuAccessReport qemuAccess,
        List<ImageFile> images,
        List<String> warnings) {

    public record Libvirt(boolean connected, String uri, String libvirtVersion, String hypervisor,
            String hypervisorVersion, String error) {
    }

    public record Accelerator(String inUse, String configured, String reason) {
    }

    public record Database(boolean ok, String path, int schemaVersion, String error) {
    }

    public record Network(String name, boolean exists, boolean active, boolean autostart, String forwardMode,
            String gateway, int prefix, String dhcpStart, String dhcpEnd) {
    }

    public record StoragePool(String name, boolean exists, boolean active, boolean autostart, String type,
            String path) {
    }

    /** A base image's file (REQ-IMG-003): {@code present} is true when it can be launched from. */
    public record ImageFile(String id, String filePath, boolean present, ImageStatus status, String detail) {
    }
}
