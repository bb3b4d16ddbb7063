package dev.ec2service.platform.logging;

import dev.ec2service.platform.config.Ec2Config;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.startup.StartupWork;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The log handler rotates {@code logs/app.log} daily and at 10 MB (REQ-LOG-002/003, configured in
 * application.properties) but never deletes; this removes rotated files older than the retention
 * (REQ-LOG-004). The live file is never touched.
 */
@ApplicationScoped
public class LogRetention {

    private final DataHome home;
    private final Duration retention;
    private final StartupWork startup;

    LogRetention(DataHome home, Ec2Config config, StartupWork startup) {
        this.home = home;
        this.startup = startup;
        this.retention = config.log().retention();
    }

    void onStart(@Observes StartupEvent event) {
        startup.add("log-retention", 30, this::purge);
    }

    /** Every {@code ec2.log.purge-interval} ({@link Ec2Config.Log#purgeInterval()}, which holds the default). */
    @Scheduled(every = "${ec2.log.purge-interval}", delayed = "1m")
    void scheduled() {
        purge();
    }

    /** Deletes rotated logs last written before now minus the retention; answers how many. */
    public int purge() {
        Instant cutoff = Instant.now().minus(retention);
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(home.logs(), "app.log.*")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                    removed++;
                }
            }
        } catch (IOException e) {
            Log.warnf("cannot purge old logs in %s: %s", home.logs(), e.getMessage());
        }
        return removed;
    }
}
