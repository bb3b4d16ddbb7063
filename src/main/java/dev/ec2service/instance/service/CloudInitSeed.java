package dev.ec2service.instance.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
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

    /**
     * Writes the seed ISO at {@code iso} in process (no ISO tool to fork, none to install on macOS); volume id
     * {@code cidata} is what NoCloud looks for. The caller writes it under a temporary name and renames it.
     */
    static void write(Path iso, String metaData, byte[] userData) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("meta-data", metaData.getBytes(StandardCharsets.UTF_8));
        files.put("user-data", userData == null ? EMPTY_USER_DATA : userData);
        SeedIso.write(iso, "cidata", files, Instant.now());
    }
}
