package dev.ec2service.host.service;

import dev.ec2service.host.port.HostCapacity.Memory;
import dev.ec2service.platform.process.Tools;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory on macOS as the kernel accounts it. The JVM's free memory there is only the "free" pages, a small
 * fraction of what guests can get: macOS keeps memory busy with file cache (inactive and speculative pages) that it
 * hands out on demand. What Activity Monitor and {@code vm_stat} count as reclaimable is free + inactive +
 * speculative pages, at the page size {@code vm_stat} states (16 KiB on Apple Silicon, 4 KiB on Intel).
 */
final class MacMemory {

    private static final Pattern PAGE_SIZE = Pattern.compile("page size of (\\d+) bytes");
    private static final Pattern PAGES = Pattern.compile("^Pages (free|inactive|speculative):\\s+(\\d+)\\.?\\s*$",
            Pattern.MULTILINE);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A launch asks, and so does the 5 s host sample: within this age the last reading answers, no process runs. */
    private static final Duration MAX_AGE = Duration.ofSeconds(2);

    private long total = -1;
    private Memory last;
    private long lastAt;

    /**
     * {@code sysctl -n hw.memsize} once, {@code vm_stat} at most every {@link #MAX_AGE}. Synchronized so that
     * concurrent callers share one reading; only callers of this method wait, never the host sampler's lock.
     */
    synchronized Memory read() throws IOException {
        long now = System.nanoTime();
        if (last != null && now - lastAt < MAX_AGE.toNanos()) {
            return last;
        }
        if (total < 0) {
            total = Long.parseLong(Tools.run(List.of("sysctl", "-n", "hw.memsize"), TIMEOUT).trim());
        }
        last = new Memory(total, available(Tools.run(List.of("vm_stat"), TIMEOUT)));
        lastAt = now;
        return last;
    }

    /** Bytes available to new processes in {@code vm_stat}'s output: free + inactive + speculative pages. */
    static long available(String vmStat) {
        Matcher size = PAGE_SIZE.matcher(vmStat);
        if (!size.find()) {
            throw new IllegalArgumentException("vm_stat did not state its page size");
        }
        long pageSize = Long.parseLong(size.group(1));
        long pages = 0;
        int seen = 0;
        Matcher m = PAGES.matcher(vmStat);
        while (m.find()) {
            pages += Long.parseLong(m.group(2));
            seen++;
        }
        if (seen != 3) {
            throw new IllegalArgumentException("vm_stat lacks one of the free, inactive and speculative page counts");
        }
        return pages * pageSize;
    }
}
