-- V6: per-instance metrics. One row per sample: 5 s samples (resolution 5) for an hour, then 1-minute rollups
-- (resolution 60) for a day; the sampler prunes both. Times are epoch milliseconds, so windows compare as numbers.
-- Counters (disk and network bytes) are cumulative since the domain's QEMU process started; cpu_percent is the
-- share of one host CPU used since the previous sample (up to 100 x vcpus). Rows go with their instance.
CREATE TABLE instance_metrics (
    instance_id TEXT NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
    resolution_s INTEGER NOT NULL,
    at_ms INTEGER NOT NULL,
    vcpus INTEGER NOT NULL,
    cpu_percent REAL NOT NULL,
    memory_bytes INTEGER NOT NULL,
    disk_read_bytes INTEGER NOT NULL,
    disk_write_bytes INTEGER NOT NULL,
    net_rx_bytes INTEGER NOT NULL,
    net_tx_bytes INTEGER NOT NULL,
    PRIMARY KEY (instance_id, resolution_s, at_ms)
);
CREATE INDEX instance_metrics_age ON instance_metrics(resolution_s, at_ms);
