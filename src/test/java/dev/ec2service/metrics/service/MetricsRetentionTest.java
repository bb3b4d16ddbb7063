package dev.ec2service.metrics.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.ec2service.metrics.domain.MetricSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The retention rules and the CPU arithmetic as pure logic, on a fixed clock. */
class MetricsRetentionTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T12:00:27Z"), ZoneOffset.UTC);
    private final MetricsRetention retention =
            new MetricsRetention(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofHours(24));

    private static MetricSample sample(String id, String at, double cpu, long memory, long counter) {
        return new MetricSample(id, Instant.parse(at), 5, 2, cpu, memory, counter, counter * 2, counter * 3,
                counter * 4);
    }

    @Test
    @DisplayName("samples as read are kept for an hour, cut at a minute boundary; rollups for a day")
    void cutoffs() {
        Instant now = CLOCK.instant();
        assertThat(retention.rawCutoff(now)).isEqualTo(Instant.parse("2026-12-03T11:00:00Z"));
        assertThat(retention.rollupCutoff(now)).isEqualTo(Instant.parse("2026-12-02T12:00:27Z"));
        assertThat(retention.stepSeconds()).isEqualTo(60);
    }

    @Test
    @DisplayName("one rollup per instance and minute: CPU and memory averaged, counters as at the minute's end")
    void rollsUpByMinute() {
        List<MetricSample> expired = new ArrayList<>(List.of(
                sample("i-b", "2026-12-03T10:58:05Z", 10, 100, 7),
                sample("i-a", "2026-12-03T10:58:55Z", 30, 300, 20),
                sample("i-a", "2026-12-03T10:58:00Z", 10, 100, 10),
                sample("i-a", "2026-12-03T10:58:30Z", 20, 201, 15),
                sample("i-a", "2026-12-03T10:59:00Z", 50, 500, 25)));
        List<MetricSample> rollups = retention.rollups(CLOCK.instant(), expired);

        assertThat(rollups).extracting(MetricSample::instanceId, MetricSample::at).containsExactly(
                tuple("i-a", Instant.parse("2026-12-03T10:58:00Z")),
                tuple("i-a", Instant.parse("2026-12-03T10:59:00Z")),
                tuple("i-b", Instant.parse("2026-12-03T10:58:00Z")));
        MetricSample minute = rollups.get(0);
        assertThat(minute.resolutionSeconds()).isEqualTo(60);
        assertThat(minute.cpuPercent()).isCloseTo(20, within(1e-9));
        assertThat(minute.memoryBytes()).isEqualTo(200);
        assertThat(minute.diskReadBytes()).as("cumulative counter at the minute's last sample").isEqualTo(20);
        assertThat(minute.netTxBytes()).isEqualTo(80);
        assertThat(minute.vcpus()).isEqualTo(2);
        assertThat(rollups.get(2).diskReadBytes()).isEqualTo(7);
    }

    @Test
    @DisplayName("samples older than the rollup retention make no rollup at all")
    void tooOldForARollup() {
        List<MetricSample> rollups = retention.rollups(CLOCK.instant(), List.of(
                sample("i-a", "2026-12-02T11:59:10Z", 10, 100, 1),
                sample("i-a", "2026-12-02T12:01:10Z", 10, 100, 2)));
        assertThat(rollups).extracting(MetricSample::at).containsExactly(Instant.parse("2026-12-02T12:01:00Z"));
    }

    @Test
    @DisplayName("CPU use is CPU time over wall time, 100 per busy vCPU, never above 100 x vCPUs")
    void cpuPercent() {
        Instant t0 = CLOCK.instant();
        Instant t1 = t0.plusSeconds(5);
        assertThat(MetricSample.cpuPercent(t0, 1_000_000_000L, t1, 3_500_000_000L, 2).getAsDouble())
                .isCloseTo(50, within(1e-9));
        assertThat(MetricSample.cpuPercent(t0, 0, t1, 12_000_000_000L, 2).getAsDouble()).isEqualTo(200);
        assertThat(MetricSample.cpuPercent(t0, 0, t1, 0, 1).getAsDouble()).isZero();
        assertThat(MetricSample.cpuPercent(t0, 5_000_000_000L, t1, 1_000_000_000L, 1))
                .as("the counter went back: the domain started again").isEmpty();
        assertThat(MetricSample.cpuPercent(t1, 0, t1, 1, 1)).as("no interval").isEmpty();
    }
}
