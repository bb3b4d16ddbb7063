package dev.ec2service.image.service;

import dev.ec2service.image.download.DownloadProgress;
import java.util.concurrent.atomic.AtomicLong;

/** The live state of one running pull, read by every GET while the download writes it. */
public final class PullProgress implements DownloadProgress {

    private final AtomicLong bytesDone = new AtomicLong();
    private volatile Long bytesTotal;
    private volatile String phase = "starting";

    public long bytesDone() {
        return bytesDone.get();
    }

    @Override
    public Long bytesTotal() {
        return bytesTotal;
    }

    public String phase() {
        return phase;
    }

    public void phase(String phase) {
        this.phase = phase;
    }

    @Override
    public void bytesDone(long value) {
        bytesDone.set(value);
    }

    @Override
    public void add(long bytes) {
        bytesDone.addAndGet(bytes);
    }

    @Override
    public void bytesTotal(Long total) {
        this.bytesTotal = total;
    }

    /** Whole percent done, or null while the size is unknown. */
    public Integer percent() {
        Long total = bytesTotal;
        return total == null || total <= 0 ? null : (int) Math.min(100, bytesDone.get() * 100 / total);
    }
}
