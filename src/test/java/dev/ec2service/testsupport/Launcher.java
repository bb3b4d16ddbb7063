package dev.ec2service.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * scripts/ec2-as-service run for real with {@code JAVA=echo} (or another stand-in), so what it would start is printed.
 */
public final class Launcher {

    private Launcher() {
    }

    /** A process of the launcher, from the project's directory; callers add its environment. */
    public static ProcessBuilder builder() {
        return new ProcessBuilder("bash", Path.of("scripts/ec2-as-service").toAbsolutePath().toString())
                .redirectErrorStream(true);
    }

    /** Runs it to its end (30 s at most) and returns what it printed; it must succeed. */
    public static String output(ProcessBuilder launcher) throws IOException, InterruptedException {
        Process process = launcher.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
