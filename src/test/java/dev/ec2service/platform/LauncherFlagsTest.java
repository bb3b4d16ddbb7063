package dev.ec2service.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
        assertThat(flags(2, "")).contains("-Xmx256m -Xms16m").doesNotContain("SharedArchiveFile");
        Files.createFile(dir.resolve("app/app-cds.jsa"));
        assertThat(flags(2, "")).contains("-XX:SharedArchiveFile=app-cds.jsa");
    }

    private String flags(int cpus, String javaOpts) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path getconf = bin.resolve("getconf");
        Files.writeString(getconf, "#!/bin/sh\necho " + cpus + "\n");
        getconf.toFile().setExecutable(true);
        Path app = Files.createDirectories(dir.resolve("app"));
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            Files.createFile(app.resolve("quarkus-run.jar"));
        }
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("scripts/ec2-as-service").toAbsolutePath().toString());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("JAVA", "echo");
        pb.environment().put("EC2_APP", app.toString());
        pb.environment().put("EC2_JAVA_OPTS", javaOpts);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
