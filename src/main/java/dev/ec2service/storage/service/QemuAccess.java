package dev.ec2service.storage.service;

import dev.ec2service.hypervisor.HypervisorUri;
import dev.ec2service.platform.config.Ec2Config;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.process.Tools;
import dev.ec2service.platform.startup.StartupWork;
import dev.ec2service.storage.port.QemuAccessCheck;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Under {@code qemu:///system} QEMU runs as its own user (libvirt-qemu on Debian, qemu on Fedora)
 * and must reach base images and instance disks inside a private data home. This grants exactly
 * that with POSIX ACLs, as virt-manager offers to: search (x) on the home and every parent that
 * lacks it for others, read on {@code images/}, read-write on {@code instances/} and {@code storage/},
 * inherited by new files. When it cannot, it says precisely what to run.
 */
@ApplicationScoped
public class QemuAccess implements QemuAccessCheck {

    private static final Pattern QEMU_CONF_USER = Pattern.compile("^\\s*user\\s*=\\s*\"([^\"]+)\"", Pattern.MULTILINE);

    private final DataHome home;
    private final boolean systemUri;
    private final Optional<String> configuredUser;
    private final StartupWork startup;
    private volatile QemuAccessReport report = new QemuAccessReport(false, true, null, List.of(), "not checked yet");

    QemuAccess(DataHome home, Ec2Config config, StartupWork startup) {
        this.home = home;
        this.startup = startup;
        this.systemUri = HypervisorUri.isSystem(HypervisorUri.resolve(config));
        this.configuredUser = config.libvirt().qemuUser();
    }

    @Override
    public QemuAccessReport report() {
        return report;
    }

    /** Before the libvirt connection (order 100): the reconcile it starts may resume launches, which need the grant. */
    void onStart(@Observes @Priority(2) StartupEvent event) {
        startup.add("qemu-access", 2, () -> {
            report = grant();
            if (!report.ok()) {
                Log.warn(report.detail());
            }
        });
    }

    /** Grants what QEMU needs and answers what was done. Idempotent. */
    public QemuAccessReport grant() {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        if (!linux || !systemUri) {
            return new QemuAccessReport(false, true, null, List.of(), "QEMU runs as this user; no grant needed");
        }
        String user = qemuUser();
        if (user.equals("root") || user.equals("+0") || user.equals("0")) {
            return new QemuAccessReport(false, true, user, List.of(), "QEMU runs as root; no grant needed");
        }
        List<List<String>> commands = commandsFor(user);
        List<String> failed = new ArrayList<>();
        for (List<String> command : commands) {
            String error = runQuietly(command);
            if (error != null) {
                failed.add(String.join(" ", command) + " (" + error + ")");
            }
        }
        List<String> printable = commands.stream().map(c -> String.join(" ", c)).toList();
        if (failed.isEmpty()) {
            return new QemuAccessReport(true, true, user, printable,
                    "granted " + user + " access to the data home with ACLs");
        }
        return new QemuAccessReport(true, false, user, printable,
                "QEMU (user " + user + ") cannot reach the data home " + home.root() + "; run: "
                        + String.join(" && ", printable) + " — failed: " + String.join("; ", failed));
    }

    /**
     * Lets QEMU open one file read-write (an instance disk) or read-only. Inherited default ACLs are
     * masked by the mode the creating tool chose (qemu-img makes 0644), so each file gets its own entry.
     */
    public void allow(Path file, boolean write) throws IOException {
        QemuAccessReport current = report;
        if (!current.needed() || current.user() == null) {
            return;
        }
        Tools.run(List.of("setfacl", "-m", "u:" + current.user() + ":" + (write ? "rw" : "r"), file.toString()));
    }

    /** The setfacl commands that give {@code user} exactly the access QEMU needs. */
    List<List<String>> commandsFor(String user) {
        List<List<String>> commands = new ArrayList<>();
        for (Path dir = home.root(); dir != null; dir = dir.getParent()) {
            if (!othersCanSearch(dir)) {
                commands.add(0, List.of("setfacl", "-m", "u:" + user + ":x", dir.toString()));
            }
        }
        commands.add(List.of("setfacl", "-R", "-m", "u:" + user + ":rX,d:u:" + user + ":rX", home.images().toString()));
        for (Path rw : List.of(home.instances(), home.storage())) {
            commands.add(List.of("setfacl", "-R", "-m", "u:" + user + ":rwX,d:u:" + user + ":rwX", rw.toString()));
        }
        return commands;
    }

    private String qemuUser() {
        if (configuredUser.isPresent()) {
            return configuredUser.get();
        }
        try {
            Matcher m = QEMU_CONF_USER.matcher(Files.readString(Path.of("/etc/libvirt/qemu.conf")));
            if (m.find()) {
                return m.group(1);
            }
        } catch (IOException e) {
            // no readable qemu.conf: fall back to the distribution's default below
        }
        try {
            boolean debian = Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith("libvirt-qemu:"));
            return debian ? "libvirt-qemu" : "qemu";
        } catch (IOException e) {
            return "qemu";
        }
    }

    private static boolean othersCanSearch(Path dir) {
        try {
            return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Runs one grant; answers null on success, else why it failed. */
    private static String runQuietly(List<String> command) {
        try {
            Tools.run(command);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
