package dev.ec2service.image.download;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A published SHA256SUMS list as {@code sha256sum} writes it: {@code <hex> *<file>} (binary mode,
 * what Ubuntu publishes) or {@code <hex>  <file>} (text mode).
 */
public final class ChecksumList {

    private static final Pattern LINE = Pattern.compile("^([0-9a-fA-F]{64}) [ *](.+)$");

    private final Map<String, String> byFile;

    private ChecksumList(Map<String, String> byFile) {
        this.byFile = byFile;
    }

    public static ChecksumList parse(String text) {
        Map<String, String> byFile = new HashMap<>();
        for (String line : text.split("\r?\n")) {
            Matcher m = LINE.matcher(line.stripTrailing());
            if (m.matches()) {
                String name = m.group(2).startsWith("./") ? m.group(2).substring(2) : m.group(2);
                byFile.put(name, m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return new ChecksumList(byFile);
    }

    /** The lower-case hex digest listed for {@code fileName}. */
    public Optional<String> find(String fileName) {
        return Optional.ofNullable(byFile.get(fileName));
    }

    public int size() {
        return byFile.size();
    }
}
