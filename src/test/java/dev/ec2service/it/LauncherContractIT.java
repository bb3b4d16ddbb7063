package dev.ec2service.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.testsupport.Launcher;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the class-data archive, scripts/ec2-as-service starts the JVM on a plain class path and does itself what
 * quarkus-run.jar's entry point and manifest would do: it runs the same main class, opens the same packages and sets
 * the same system properties. Those are facts of the Quarkus version the service is built with, written into the
 * launcher; this test reads them from the packaged app (target/quarkus-app, which the package phase has just built)
 * and compares them with what the launcher really starts, so an upgrade that changes any of them fails here rather
 * than in a user's service.
 */
class LauncherContractIT {

    private static final Path APP = Path.of(System.getProperty("service.jar", "target/quarkus-app/quarkus-run.jar"))
            .getParent();
    private static final String ENTRY_POINT = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    private static final String MAIN = "io.quarkus.runner.GeneratedMain";

    @TempDir
    Path dir;

    @Test
    @DisplayName("the launcher's plain start runs the packaged app's main class with its manifest's opened packages "
            + "and its entry point's system properties, on a class path of every jar of the app")
    void plainStartDoesWhatTheEntryPointDoes() throws Exception {
        Manifest manifest;
        try (JarFile runner = new JarFile(APP.resolve("quarkus-run.jar").toFile())) {
            manifest = runner.getManifest();
        }
        assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo(ENTRY_POINT);
        // the entry point runs the main class the serialized application names: after its magic number and format
        // version, the first string
        try (DataInputStream in = new DataInputStream(Files.newInputStream(APP.resolve(
                "quarkus/quarkus-application.dat")))) {
            in.readInt();
            in.readInt();
            assertThat(in.readUTF()).isEqualTo(MAIN);
        }
        try (JarFile generated = new JarFile(APP.resolve("quarkus/generated-bytecode.jar").toFile())) {
            assertThat(generated.getEntry(MAIN.replace('.', '/') + ".class")).isNotNull();
        }

        String started = launcherCommandLine();
        List<String> args = Arrays.asList(started.split(" "));
        assertThat(args.get(args.size() - 1)).isEqualTo(MAIN);
        String opens = manifest.getMainAttributes().getValue("Add-Opens");
        List<String> expectedOpens = opens == null ? List.of()
                : Stream.of(opens.trim().split("\\s+")).map(p -> "--add-opens=" + p + "=ALL-UNNAMED").toList();
        assertThat(args.stream().filter(a -> a.startsWith("--add-opens=")).toList())
                .containsExactlyInAnyOrderElementsOf(expectedOpens);
        List<String> properties = entryPointProperties().entrySet().stream()
                .map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList();
        assertThat(properties).as("the entry point sets system properties").isNotEmpty();
        assertThat(args.stream().filter(a -> a.startsWith("-D")).toList())
                .containsExactlyInAnyOrderElementsOf(properties);

        // every jar of the app directory but the runner itself, each once
        List<String> jars;
        try (Stream<Path> files = Files.walk(APP)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).map(p -> APP.relativize(p).toString())
                    .filter(p -> !p.equals("quarkus-run.jar")).toList();
        }
        String classPath = args.get(args.indexOf("-cp") + 1);
        assertThat(classPath.split(":")).containsExactlyInAnyOrderElementsOf(jars);
    }

    /** What the launcher would start, printed by {@code JAVA=echo}, while it records an archive (its plain start). */
    private String launcherCommandLine() throws IOException, InterruptedException {
        ProcessBuilder pb = Launcher.builder();
        pb.environment().put("JAVA", "echo");
        pb.environment().put("EC2_APP", APP.toAbsolutePath().toString());
        pb.environment().put("EC2_CDS_RECORD", dir.resolve("never-written.jsa").toString());
        pb.environment().remove("EC2_JAVA_OPTS");
        return Launcher.output(pb);
    }

    /**
     * The system properties the entry point sets before it runs the main class, read from its bytecode by the JDK's
     * own disassembler: the two constants loaded before each {@code System.setProperty}.
     */
    private Map<String, String> entryPointProperties() throws IOException, InterruptedException {
        Path runnerJar;
        try (Stream<Path> boot = Files.list(APP.resolve("lib/boot"))) {
            runnerJar = boot.filter(p -> p.getFileName().toString().contains("quarkus-bootstrap-runner")).findFirst()
                    .orElseThrow(() -> new AssertionError("no quarkus-bootstrap-runner jar in lib/boot"));
        }
        Path classFile = dir.resolve("QuarkusEntryPoint.class");
        try (JarFile jar = new JarFile(runnerJar.toFile());
                InputStream in = jar.getInputStream(jar.getEntry(ENTRY_POINT.replace('.', '/') + ".class"))) {
            Files.copy(in, classFile);
        }
        Process javap = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javap").toString(), "-c",
                "-p", classFile.toString()).redirectErrorStream(true).start();
        String code = new String(javap.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(javap.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(javap.exitValue()).as(code).isZero();

        Pattern constant = Pattern.compile("\\bldc(?:_w)?\\s+#\\d+\\s+// (?:String|class) (\\S+)");
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> loaded = new ArrayList<>();
        for (String line : code.split("\n")) {
            Matcher m = constant.matcher(line);
            if (m.find()) {
                loaded.add(m.group(1).replace('/', '.'));
            } else if (line.contains("java/lang/System.setProperty")) {
                assertThat(loaded).as("two constants before %s", line).hasSizeGreaterThanOrEqualTo(2);
                properties.put(loaded.get(loaded.size() - 2), loaded.get(loaded.size() - 1));
                loaded.clear();
            }
        }
        return properties;
    }
}
