package dev.ec2service.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The scripts a Mac runs ({@code make run}, {@code make image}) use only what a stock macOS userland has: BSD
 * tools, no GNU-only options. Nothing here runs on a Mac, so this reads them: each rule names the GNU-only form and
 * why it breaks there.
 */
class ScriptPortabilityTest {

    private static final List<Path> ON_MACOS = List.of(Path.of("scripts/ec2-as-service"),
            Path.of("scripts/pull-image.sh"), Path.of("scripts/check-libvirt.sh"));

    private static final Map<Pattern, String> GNU_ONLY = Map.of(
            Pattern.compile("\\bstat\\s+-c\\b"), "BSD stat has -f, not -c",
            Pattern.compile("\\breadlink\\s+-f\\b"), "readlink -f is missing before macOS 12.3",
            Pattern.compile("\\bsed\\s+-i\\s+(?!'')"), "BSD sed -i needs a suffix argument",
            Pattern.compile("\\bdate\\s+-d\\b"), "BSD date has no -d",
            Pattern.compile("\\bgrep\\s+-\\w*P"), "BSD grep has no -P",
            Pattern.compile("\\bxargs\\s+-r\\b"), "BSD xargs has no -r",
            Pattern.compile("\\s-printf\\b"), "BSD find has no -printf",
            Pattern.compile("\\bbase64\\s+-w"), "BSD base64 has no -w",
            Pattern.compile("\\b(numfmt|nproc|sha256sum|md5sum)\\b(?!.*\\b(shasum|sysctl|md5)\\b)"),
            "a coreutils-only tool without the macOS fallback on the same line");

    @Test
    @DisplayName("scripts run on macOS use no GNU-only tool or option (stat -c, readlink -f, sha256sum alone, ...)")
    void noGnuOnlyTools() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path script : ON_MACOS) {
            List<String> lines = Files.readAllLines(script);
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n).strip();
                if (line.startsWith("#")) {
                    continue;
                }
                for (var rule : GNU_ONLY.entrySet()) {
                    if (rule.getKey().matcher(line).find()) {
                        found.add(script + ":" + (n + 1) + ": " + rule.getValue() + ": " + line);
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    @DisplayName("the rules catch what they name")
    void rulesCatch() {
        for (String gnu : List.of("stat -c %s f", "readlink -f x", "sed -i 's/a/b/' f", "date -d yesterday",
                "grep -oP x", "xargs -r rm", "find . -printf %s", "base64 -w0 f", "sha256sum f", "nproc")) {
            assertThat(GNU_ONLY.keySet().stream().anyMatch(p -> p.matcher(gnu).find())).as(gnu).isTrue();
        }
        for (String fine : List.of("stat -f %z f", "readlink x", "sed -i '' 's/a/b/' f",
                "if command -v sha256sum; then sha256sum f; else shasum -a 256 f; fi", "wc -c <f")) {
            assertThat(GNU_ONLY.keySet().stream().anyMatch(p -> p.matcher(fine).find())).as(fine).isFalse();
        }
    }
}
