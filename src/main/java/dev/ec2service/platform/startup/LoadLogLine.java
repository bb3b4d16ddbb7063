package dev.ec2service.platform.startup;

import java.util.Optional;

/**
 * One line of the JVM's class-load log ({@code -Xlog:class+load}), e.g.
 * {@code [0.1s][info][class,load] a.B source: file:/x.jar}.
 */
final class LoadLogLine {

    private static final String SOURCE = " source: ";

    private LoadLogLine() {
    }

    /**
     * The class named by a line whose class was read from a file (a jar or a directory): those mapped from an
     * archive are linked already, and generated or hidden classes cannot be found by name.
     */
    static Optional<String> loadedFromFile(String line) {
        int source = line.indexOf(SOURCE);
        int nameStart = line.lastIndexOf("] ", source) + 2;
        if (source < 0 || nameStart < 2 || !line.startsWith("file:", source + SOURCE.length())) {
            return Optional.empty();
        }
        return Optional.of(line.substring(nameStart, source));
    }
}
