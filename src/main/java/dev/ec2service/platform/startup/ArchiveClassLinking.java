package dev.ec2service.platform.startup;

import dev.ec2service.platform.config.Ec2Config;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Part of recording the class-data archive ({@code scripts/build-cds.sh}, run by {@code make build}). JDK 17's
 * dynamic archive keeps only linked classes, and at the dump it links only those of the JDK's own class loaders.
 * Quarkus's class loader leaves thousands of classes loaded but never linked (the verifier and reflection load
 * classes they do not link), so every start parsed them again from their jars. Given the recording JVM's
 * class-load log, this links each class named there as the service stops, before the JVM writes the archive.
 * Without {@code ec2.class-data.load-log} it does nothing.
 */
@ApplicationScoped
public class ArchiveClassLinking {

    private final Optional<Path> loadLog;

    public ArchiveClassLinking(Ec2Config config) {
        this.loadLog = config.classData().loadLog();
    }

    void onStop(@Observes ShutdownEvent event) {
        loadLog.ifPresent(this::linkLoggedClasses);
    }

    /**
     * One pass: the classes that linking or reflection loads in turn stay unlinked, so the JVM leaves them out and
     * the archive holds the classes a start loads and no others. A start maps all of it and it stays resident
     * (measured: 92 of its 95 MiB when a second pass had added those classes too).
     */
    private void linkLoggedClasses(Path log) {
        ClassLoader loader = ArchiveClassLinking.class.getClassLoader();
        int linked = 0;
        for (String name : loggedClasses(log)) {
            if (link(name, loader)) {
                linked++;
            }
        }
        Log.infof("class-data recording: linked %d classes named in %s", linked, log);
    }

    private static List<String> loggedClasses(Path log) {
        try {
            // class names are ASCII here; Latin-1 reads any byte, so an odd line cannot stop the reading
            return Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                    .map(LoadLogLine::loadedFromFile).flatMap(Optional::stream).toList();
        } catch (IOException | UncheckedIOException e) {
            Log.warnf("class-data recording: cannot read %s: %s", log, e.getMessage());
            return List.of();
        }
    }

    private static boolean link(String name, ClassLoader loader) {
        try {
            // the JVM links a class before it reflects on its members; initialisation is not needed
            Class.forName(name, false, loader).getDeclaredMethods();
            return true;
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            // a class of another loader, or one whose optional dependencies are absent: it stays out of the archive
            // (and the shutdown observers after this one still run)
            return false;
        }
    }
}
