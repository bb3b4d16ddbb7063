package dev.ec2service.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.testsupport.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flags scripts/ec2-as-service gives the JVM: the script runs for real with {@code JAVA=echo}, an empty app
 * directory and a {@code getconf} on the PATH that names the core count, so what it would start is printed.
 */
class LauncherFlagsTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("one C1 compiler thread on one or two cores, none asked on more, and none with another tiered setting")
    void compilerThreads() throws Exception {
        assertThat(flags(1, "")).contains("-XX:CICompilerCount=1");
        assertThat(flags(2, "")).contains("-XX:CICompilerCount=1").contains("-XX:TieredStopAtLevel=1");
        assertThat(flags(8, "")).doesNotContain("CICompilerCount");
        // with C2 back the JVM refuses a single compiler thread
        assertThat(flags(2, "-XX:TieredStopAtLevel=4")).doesNotContain("CICompilerCount")
                .endsWith("-XX:TieredStopAtLevel=4 -jar quarkus-run.jar");
    }

    @Test
    @DisplayName("a bounded heap that starts small, and the class-data archive when the build made one")
    void heapAndArchive() throws Exception {
        assertThat(flags(2, "")).contains("-Xmx256m -Xms16m").doesNotContain("SharedArchiveFile")
                .endsWith(" -jar quarkus-run.jar");
        appFile("lib/main/a.jar");
        appFile("app-cds.jsa");
        assertThat(flags(2, "")).contains("-XX:SharedArchiveFile=app-cds.jsa").doesNotContain("-jar");
    }

    @Test
    @DisplayName("an archive older than a jar beside it (recorded for other jars) is left out, and the start is java -jar")
    void staleArchive() throws Exception {
        Path jar = appFile("lib/main/a.jar");
        appFile("app-cds.jsa");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plus(Duration.ofHours(1))));
        assertThat(flags(2, "")).doesNotContain("SharedArchiveFile").endsWith(" -jar quarkus-run.jar");
    }

    @Test
    @DisplayName("with the archive, a plain class path of the app's jars in one fixed order, Quarkus's main class run directly")
    void plainClassPath() throws Exception {
        for (String jar : List.of("quarkus/generated-bytecode.jar", "quarkus/transformed-bytecode.jar",
                "app/service.jar", "lib/main/b.jar", "lib/main/B.jar", "lib/main/a.jar", "lib/boot/runner.jar")) {
            appFile(jar);
        }
        appFile("app-cds.jsa");
        // Quarkus's loader's order: a class in two of them (PanacheEntity, transformed and generated) is the
        // transformed one; then the jars in byte order
        assertThat(flags(2, "")).endsWith(" -cp quarkus/transformed-bytecode.jar:quarkus/generated-bytecode.jar"
                + ":app/service.jar:lib/main/B.jar:lib/main/a.jar:lib/main/b.jar:lib/boot/runner.jar"
                + " io.quarkus.runner.GeneratedMain")
                .contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager")
                .contains("-Djava.util.concurrent.ForkJoinPool.common.threadFactory="
                        + "io.quarkus.bootstrap.forkjoin.QuarkusForkJoinWorkerThreadFactory")
                .contains("--add-opens=java.base/java.lang=ALL-UNNAMED");
    }

    @Test
    @DisplayName("recording the archive: the same plain class path, written at exit, and no archive read")
    void recording() throws Exception {
        appFile("lib/main/a.jar");
        appFile("app-cds.jsa");
        assertThat(flags(2, "", "/tmp/new.jsa")).contains("-XX:ArchiveClassesAtExit=/tmp/new.jsa")
                .doesNotContain("SharedArchiveFile").endsWith(" -cp lib/main/a.jar io.quarkus.runner.GeneratedMain");
        // the JVM starts in the app directory: a relative file is made absolute first
        assertThat(flags(2, "", "new.jsa")).contains("-XX:ArchiveClassesAtExit=" + Path.of("").toAbsolutePath()
                + "/new.jsa");
    }

    @Test
    @DisplayName("a data home and a java named relative to where the launcher starts still name them from the app "
            + "directory the JVM starts in")
    void relativePaths() throws Exception {
        Path java = Files.createDirectories(dir.resolve("work/jdk/bin")).resolve("java");
        // prints where it runs, the data home it was given and its first argument
        Files.writeString(java, "#!/bin/sh\necho \"$(pwd -P) $EC2_HOME $1\"\n");
        java.toFile().setExecutable(true);
        String out = launch(2, dir.resolve("work"), Map.of("JAVA", "jdk/bin/java", "EC2_HOME", "home"));
        assertThat(out).isEqualTo(dir.resolve("app").toRealPath() + " " + dir.resolve("work").toRealPath()
                + "/home -Xmx256m");
    }

    /** Creates an empty file at that path in the app directory. */
    private Path appFile(String path) throws IOException {
        Path file = dir.resolve("app").resolve(path);
        Files.createDirectories(file.getParent());
        return Files.createFile(file);
    }

    private String flags(int cpus, String javaOpts) throws IOException, InterruptedException {
        return flags(cpus, javaOpts, null);
    }

    private String flags(int cpus, String javaOpts, String record) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(Map.of("JAVA", "echo", "EC2_JAVA_OPTS", javaOpts));
        if (record != null) {
            env.put("EC2_CDS_RECORD", record);
        }
        return launch(cpus, Path.of("").toAbsolutePath(), env);
    }

    /** Runs the launcher from that directory with that environment added; what it (the fake java) printed. */
    private String launch(int cpus, Path from, Map<String, String> env) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path getconf = bin.resolve("getconf");
        Files.writeString(getconf, "#!/bin/sh\necho " + cpus + "\n");
        getconf.toFile().setExecutable(true);
        Path app = Files.createDirectories(dir.resolve("app"));
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            Files.createFile(app.resolve("quarkus-run.jar"));
        }
        ProcessBuilder pb = Launcher.builder().directory(from.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("EC2_APP", app.toString());
        for (String name : List.of("EC2_CDS_RECORD", "EC2_HOME", "EC2_JAVA_OPTS")) {
            pb.environment().remove(name);
        }
        // bash then takes its working directory from the system, as the JVM does, not an inherited (logical) PWD
        pb.environment().remove("PWD");
        pb.environment().putAll(env);
        return Launcher.output(pb);
    }
}
