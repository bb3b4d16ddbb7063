package dev.ec2service.host.service;

import dev.ec2service.host.api.HealthResponse;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.hypervisor.HypervisorStatus;
import dev.ec2service.hypervisor.NetworkSpec;
import dev.ec2service.hypervisor.NetworkState;
import dev.ec2service.hypervisor.StoragePoolState;
import dev.ec2service.image.domain.Image;
import dev.ec2service.image.domain.ImageStatus;
import dev.ec2service.image.port.ImageLookup;
import dev.ec2service.image.port.ImageState;
import dev.ec2service.network.port.NetworkHealth;
import dev.ec2service.platform.db.SchemaMigrator;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.repair.RepairSchedule;
import dev.ec2service.platform.startup.StartupWork;
import dev.ec2service.storage.port.QemuAccessCheck;
import dev.ec2service.storage.port.StoragePoolHealth;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Puts together what health reports: libvirt, accelerator, database, network, pool, QEMU's access, images.
 * Health is a promise: {@code ok} only when a launch can succeed right now, else one warning per cause, each
 * saying what fixes it.
 */
@ApplicationScoped
public class HealthService {

    private final Hypervisor hypervisor;
    private final AcceleratorDetector accelerator;
    private final AgroalDataSource dataSource;
    private final SchemaMigrator migrator;
    private final DataHome home;
    private final NetworkHealth network;
    private final StoragePoolHealth pool;
    private final QemuAccessCheck qemuAccess;
    private final ImageLookup imageLookup;
    private final StartupWork startup;

    HealthService(Hypervisor hypervisor, AcceleratorDetector accelerator, AgroalDataSource dataSource,
            SchemaMigrator migrator, DataHome home, NetworkHealth network, StoragePoolHealth pool,
            QemuAccessCheck qemuAccess, ImageLookup imageLookup, StartupWork startup) {
        this.startup = startup;
        this.hypervisor = hypervisor;
        this.accelerator = accelerator;
        this.dataSource = dataSource;
        this.migrator = migrator;
        this.home = home;
        this.network = network;
        this.pool = pool;
        this.qemuAccess = qemuAccess;
        this.imageLookup = imageLookup;
    }

    /**
     * Without a transaction: every transaction here begins with SQLite's write lock, and a health poll (a console, a
     * start-up wait, the host sampler) must neither wait behind a launch or the startup's image checks nor hold them
     * up. Its reads (the images, the database's {@code SELECT 1}) take no lock.
     */
    public HealthResponse health() {
        // read first: a step that finishes while the rest is gathered is then reported with what it found
        List<String> starting = startup.pending();
        List<String> warnings = new ArrayList<>();
        HypervisorStatus status = hypervisor.status();
        HealthResponse.Libvirt libvirt = new HealthResponse.Libvirt(status.connected(), status.uri(),
                status.libvirtVersion(), status.hypervisorType(), status.hypervisorVersion(), status.lastError());
        HealthResponse.Network net = null;
        HealthResponse.StoragePool storagePool = null;
        if (status.connected()) {
            try {
                if (!network.mode().user()) {
                    Optional<NetworkState> foundNetwork = hypervisor.findNetwork(network.wanted().name());
                    net = networkHealth(foundNetwork);
                    network.problem(foundNetwork).ifPresent(p -> warnings.add(p.warning(network.repairs())));
                }
                Optional<StoragePoolState> foundPool = hypervisor.findStoragePool(pool.wanted().name());
                storagePool = poolHealth(foundPool);
                pool.problem(foundPool).ifPresent(p -> warnings.add(p.warning(pool.repairs())));
            } catch (HypervisorException e) {
                warnings.add("libvirt: " + e.getMessage());
            }
            network.warning().ifPresent(warnings::add);
            pool.warning().ifPresent(warnings::add);
        }
        QemuAccessCheck.QemuAccessReport access = qemuAccess.report();
        if (!access.ok()) {
            warnings.add(access.detail());
        }
        HealthResponse.Database database = databaseHealth();
        if (!database.ok()) {
            warnings.add("database: " + database.error());
        }
        List<Image> rows = imageLookup.list();
        List<HealthResponse.ImageFile> images = rows.stream().map(this::imageHealth).toList();
        noImageWarning(rows, images).ifPresent(warnings::add);
        String overall = overall(starting, status.connected(), warnings);
        AcceleratorDetector.Choice choice = accelerator.choice();
        return new HealthResponse(overall, libvirt,
                new HealthResponse.Accelerator(choice.accelerator().id(), choice.setting().name().toLowerCase(),
                        choice.reason()),
                database, new HealthResponse.NetworkMode(network.mode().mode().name().toLowerCase(Locale.ROOT),
                        network.mode().configured().name().toLowerCase(Locale.ROOT), network.mode().reason()),
                net, storagePool, access, images, warnings, starting);
    }

    /**
     * {@code starting} while startup steps run (connecting to libvirt is the last of them, so "not connected" means
     * nothing yet), then {@code unavailable} while libvirt cannot be reached, {@code degraded} with warnings, else
     * {@code ok}. Only {@code unavailable} answers 503.
     */
    static String overall(List<String> starting, boolean connected, List<String> warnings) {
        if (!starting.isEmpty()) {
            return "starting";
        }
        return !connected ? "unavailable" : warnings.isEmpty() ? "ok" : "degraded";
    }

    private HealthResponse.ImageFile imageHealth(Image image) {
        ImageState state = imageLookup.state(image);
        return new HealthResponse.ImageFile(image.id, image.filePath, state.status() == ImageStatus.AVAILABLE,
                state.status(), state.detail());
    }

    /** A launch needs a base image on disk; without one, say how to get one (REQ-IMG-004). */
    static Optional<String> noImageWarning(List<Image> rows, List<HealthResponse.ImageFile> images) {
        if (images.stream().anyMatch(HealthResponse.ImageFile::present)) {
            return Optional.empty();
        }
        String downloading = images.stream().filter(i -> i.status() == ImageStatus.DOWNLOADING)
                .map(i -> i.id() + " is downloading" + (i.detail() == null ? "" : " (" + i.detail() + ")"))
                .collect(Collectors.joining(", "));
        // the newest catalogue entry (ubuntu-22.04 before ubuntu-20.04)
        Optional<Image> catalogue = rows.stream().filter(Image::fromCatalog).max(Comparator.comparing(i -> i.id));
        String get = catalogue.map(i -> "pull one with `make image IMAGE=" + i.id + "` or `POST /api/images/" + i.id
                + "/pull`, or import a qcow2 with `POST /api/images`").orElse("import a qcow2 with `POST /api/images`");
        return Optional.of("no base image is on disk to launch from" + (downloading.isEmpty() ? "" : ": " + downloading)
                + "; " + get + ".");
    }

    private HealthResponse.Network networkHealth(Optional<NetworkState> found) {
        NetworkSpec wanted = network.wanted();
        RepairSchedule.Snapshot attempts = network.repairs();
        return found
                .map(n -> new HealthResponse.Network(wanted.name(), true, n.active(), n.autostart(), n.forwardMode(),
                        n.spec().gateway(), n.spec().prefix(), n.spec().dhcpStart(), n.spec().dhcpEnd(),
                        attempts.lastAttemptAt(), attempts.lastError(), attempts.nextAttemptAt()))
                .orElse(new HealthResponse.Network(wanted.name(), false, false, false, null, null, 0, null, null,
                        attempts.lastAttemptAt(), attempts.lastError(), attempts.nextAttemptAt()));
    }

    private HealthResponse.StoragePool poolHealth(Optional<StoragePoolState> found) {
        String name = pool.wanted().name();
        RepairSchedule.Snapshot attempts = pool.repairs();
        return found
                .map(p -> new HealthResponse.StoragePool(name, true, p.active(), p.autostart(), p.type(), p.targetPath(),
                        attempts.lastAttemptAt(), attempts.lastError(), attempts.nextAttemptAt()))
                .orElse(new HealthResponse.StoragePool(name, false, false, false, null, null,
                        attempts.lastAttemptAt(), attempts.lastError(), attempts.nextAttemptAt()));
    }

    private HealthResponse.Database databaseHealth() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            return new HealthResponse.Database(true, home.database().toString(), migrator.version(), null);
        } catch (SQLException e) {
            return new HealthResponse.Database(false, home.database().toString(), migrator.version(), e.getMessage());
        }
    }
}
