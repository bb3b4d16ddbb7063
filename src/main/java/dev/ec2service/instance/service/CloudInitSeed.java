package dev.ec2service.instance.service;

import dev.ec2service.platform.process.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The NoCloud seed of an instance: a {@code cidata} ISO with {@code meta-data} (instance id,
 * hostname, public keys, which cloud-init installs for the image's default user, as EC2 metadata
 * does; REQ-INST-005) and {@code user-data}, the user's bytes unchanged.
 */
public final class CloudInitSeed {

    /** What an image without user data receives: a valid, empty cloud-config. */
    static final byte[] EMPTY_USER_DATA = "#cloud-config\n{}\n".getBytes(StandardCharsets.UTF_8);

    private CloudInitSeed() {
    }

    /** meta-data as YAML, written by the YAML library so no user text can break the document. */
    static String metaData(String instanceId, String hostname, List<String> publicKeys) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("instance-id", instanceId);
        doc.put("local-hostname", hostname);
        if (!publicKeys.isEmpty()) {
            doc.put("public-keys", new ArrayList<>(publicKeys));
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(doc);
    }

    /** A hostname from the instance's name (RFC 1123 label), else its id. */
    static String hostname(String instanceId, String name) {
        if (name == null) {
            return instanceId;
        }
        String label = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (label.length() > 63) {
            label = label.substring(0, 63).replaceAll("-+$", "");
        }
        return label.isEmpty() ? instanceId : label;
    }

    /** Writes the seed ISO at {@code iso}; the staging files live beside it and are removed. */
    static void write(Path iso, String metaData, byte[] userData) throws IOException {
        Path staging = Files.createTempDirectory(iso.getParent(), ".seed");
        try {
            Path meta = Files.writeString(staging.resolve("meta-data"), metaData, StandardCharsets.UTF_8);
            Path user = Files.write(staging.resolve("user-data"), userData == null ? EMPTY_USER_DATA : userData);
            Tools.run(isoCommand(iso, meta, user));
        } finally {
            try (var files = Files.list(staging)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(staging);
        }
    }

    /** genisoimage / xorriso / mkisofs on Linux, hdiutil on macOS; volume label {@code cidata} is what NoCloud looks for. */
    private static List<String> isoCommand(Path iso, Path meta, Path user) throws IOException {
        String tool = Tools.firstOnPath("genisoimage", "xorrisofs", "mkisofs", "hdiutil")
                .orElseThrow(() -> new IOException(
                        "no ISO writer found; install genisoimage (Debian/Ubuntu) or xorriso"));
        if (tool.equals("hdiutil")) {
            return List.of("hdiutil", "makehybrid", "-quiet", "-iso", "-joliet", "-default-volume-name", "cidata",
                    "-o", iso.toString(), meta.getParent().toString());
        }
        return List.of(tool, "-quiet", "-output", iso.toString(), "-volid", "cidata", "-joliet", "-rock",
                meta.toString(), user.toString());
    }
}
