package dev.ec2service.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.platform.files.DataHome;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Rotation with a small size limit set through config; the product keeps the real defaults (10 MB, daily, 7 days). */
@QuarkusTest
@TestProfile(LogFilesTest.SmallLogs.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogFilesTest {

    public static class SmallLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.rotation.max-file-size", "4K");
        }
    }

    @Inject
    DataHome home;

    @Inject
    LogRetention retention;

    @Test
    @Order(1)
    @DisplayName("REQ-LOG-001 REQ-LOG-002 warnings go to logs/app.log, which rotates at its size limit into dated files")
    void warningsAreWrittenAndRotated() throws Exception {
        String marker = "rotation-marker-" + System.nanoTime();
        Log.info("an info line that must not reach app.log " + marker);
        for (int n = 0; n < 200; n++) {
            Log.warnf("%s line %d %s", marker, n, "x".repeat(60));
        }
        Path log = home.logs().resolve("app.log");
        assertThat(log).exists();
        List<Path> rotated = rotated();
        assertThat(rotated).as("rotated files").isNotEmpty();
        String today = LocalDate.now().toString();
        assertThat(rotated).allSatisfy(p -> assertThat(p.getFileName().toString()).startsWith("app.log." + today));
        // files rotated while this test wrote (older ones may come from runs with the 10 MB default) stay near the limit
        List<Path> ours = rotated.stream().filter(p -> read(p).contains(marker)).toList();
        assertThat(ours).isNotEmpty();
        for (Path p : ours) {
            assertThat(Files.size(p)).isLessThanOrEqualTo(4096 + 1024);
        }
        String all = Files.readString(log) + String.join("", rotated.stream().map(LogFilesTest::read).toList());
        assertThat(all).contains(marker + " line 199").doesNotContain("must not reach app.log " + marker);
    }

    /**
     * The file handler starts a new file when a record belongs to a later day than the current file (it goes by
     * the record's time), so a record stamped tomorrow is what midnight looks like to it. Last, because the
     * handler's day then stays tomorrow.
     */
    @Test
    @Order(3)
    @DisplayName("REQ-LOG-003 when the day changes app.log starts afresh and the finished day is kept under its date")
    void newLogEachDay() throws Exception {
        String today = LocalDate.now().toString();
        String dayOne = "day-one-marker-" + System.nanoTime();
        Log.warn(dayOne);
        Path log = home.logs().resolve("app.log");
        assertThat(Files.readString(log)).contains(dayOne);

        String dayTwo = "day-two-marker-" + System.nanoTime();
        ExtLogRecord tomorrow = new ExtLogRecord(Level.WARN, dayTwo, LogFilesTest.class.getName());
        tomorrow.setInstant(Instant.now().plus(Duration.ofDays(1)));
        Logger.getLogger(LogFilesTest.class.getName()).log(tomorrow);

        assertThat(Files.readString(log)).as("app.log of the new day").contains(dayTwo).doesNotContain(dayOne);
        Path finished = home.logs().resolve("app.log." + today);
        assertThat(finished).as("the finished day's log").exists();
        assertThat(Files.readString(finished)).contains(dayOne).doesNotContain(dayTwo);
    }

    @Test
    @Order(2)
    @DisplayName("REQ-LOG-004 rotated logs older than seven days are deleted, newer ones and app.log kept")
    void retention() throws Exception {
        Path old = Files.writeString(home.logs().resolve("app.log.2020-01-01"), "old\n");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
        Path recent = Files.writeString(home.logs().resolve("app.log.2020-01-02"), "recent\n");
        Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(Duration.ofDays(6))));
        assertThat(retention.purge()).isGreaterThanOrEqualTo(1);
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(home.logs().resolve("app.log")).exists();
        Files.delete(recent);
    }

    private List<Path> rotated() throws Exception {
        try (Stream<Path> s = Files.list(home.logs())) {
            return s.filter(p -> p.getFileName().toString().startsWith("app.log.")).sorted().toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
