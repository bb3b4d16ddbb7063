package dev.ec2service.host.service;

import dev.ec2service.host.port.HostCapacity;
import dev.ec2service.platform.files.DataHome;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the host's CPU, memory and disk figures (REQ-LIM-001..003) and keeps a short history for charts. */
@ApplicationScoped
public class HostResources implements HostCapacity {

    private static final Pattern MEMINFO = Pattern.compile("^(\\w+):\\s+(\\d+) kB", Pattern.MULTILINE);
    /** Ten minutes of samples at the five-second sampling rate. */
    private static final int HISTORY = 120;

    private final DataHome home;
    private final MacMemory mac = new MacMemory();
    private final Deque<Sample> history = new ArrayDeque<>();
    private long[] lastCpu;
    private volatile FileStore dataHomeStore;

    public record Sample(Instant at, double cpuPercent, long memoryUsedBytes) {
    }

    HostResources(DataHome home) {
        this.home = home;
    }

    public int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Memory that new guests can use: MemAvailable on Linux, free + inactive + speculative pages on macOS (see
     * {@link MacMemory}), the JVM's view of free memory elsewhere.
     */
    @Override
    public Memory memory() {
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac")) {
            try {
                return mac.read();
            } catch (IOException | RuntimeException e) {
                // vm_stat or sysctl missing or changed: the MXBean's figure is low but safe
            }
        }
        try {
            Map<String, Long> info = new java.util.HashMap<>();
            Matcher m = MEMINFO.matcher(Files.readString(Path.of("/proc/meminfo")));
            while (m.find()) {
                info.put(m.group(1), Long.parseLong(m.group(2)) * 1024);
            }
            if (info.containsKey("MemTotal") && info.containsKey("MemAvailable")) {
                return new Memory(info.get("MemTotal"), info.get("MemAvailable"));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through to the platform MXBean
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Memory(os.getTotalMemorySize(), os.getFreeMemorySize());
    }

    /** Space on the file system holding the data home, where instance disks grow. */
    @Override
    public Disk disk() {
        try {
            FileStore store = fileStore();
            return new Disk(home.root(), store.getTotalSpace(), store.getUsableSpace());
        } catch (IOException e) {
            dataHomeStore = null;
            return new Disk(home.root(), 0, 0);
        }
    }

    /**
     * Found once: finding it reads the mount table (milliseconds, and every launch asks); its figures are read fresh
     * each time. Looked up again after a failure (the data home's file system was unmounted or replaced).
     */
    private FileStore fileStore() throws IOException {
        FileStore store = dataHomeStore;
        if (store == null) {
            store = Files.getFileStore(home.root());
            dataHomeStore = store;
        }
        return store;
    }

    /** Host CPU use in percent over the last sampling period. */
    public synchronized double cpuPercent() {
        return history.isEmpty() ? sampleCpu() : history.peekLast().cpuPercent();
    }

    public synchronized List<Sample> history() {
        return List.copyOf(history);
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sample() {
        // memory is read outside the lock: on macOS it may run vm_stat, and readers of the history must not wait for it
        long used = memory().usedBytes();
        synchronized (this) {
            history.addLast(new Sample(Instant.now(), sampleCpu(), used));
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
    }

    private double sampleCpu() {
        long[] now = readProcStat();
        if (now == null) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return Math.max(0, os.getCpuLoad() * 100);
        }
        long[] before = lastCpu;
        lastCpu = now;
        if (before == null || now[0] == before[0]) {
            return 0;
        }
        double busy = (now[1] - before[1]);
        return Math.round(1000.0 * busy / (now[0] - before[0])) / 10.0;
    }

    /** Total and busy jiffies from the aggregate cpu line of /proc/stat. */
    private static long[] readProcStat() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new long[] {total, total - idle};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
