package dev.ec2service.platform.repair;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RepairScheduleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    @DisplayName("failed attempts back off from the minimum to the maximum delay; each new cause is reported once")
    void backoff() {
        RepairSchedule schedule = new RepairSchedule(Duration.ofSeconds(2), Duration.ofSeconds(10));
        assertThat(schedule.due(T0)).isTrue();
        assertThat(schedule.failed(T0, "in use by virbr1")).isTrue();
        assertThat(schedule.due(T0.plusSeconds(1))).isFalse();
        assertThat(schedule.due(T0.plusSeconds(2))).isTrue();
        assertThat(schedule.failed(T0.plusSeconds(2), "in use by virbr1")).isFalse();
        assertThat(schedule.snapshot().nextAttemptAt()).isEqualTo(T0.plusSeconds(6));
        schedule.failed(T0.plusSeconds(6), "in use by virbr1");
        assertThat(schedule.snapshot().nextAttemptAt()).isEqualTo(T0.plusSeconds(14));
        schedule.failed(T0.plusSeconds(14), "in use by virbr1");
        assertThat(schedule.snapshot().nextAttemptAt()).isEqualTo(T0.plusSeconds(24));
        assertThat(schedule.failed(T0.plusSeconds(24), "Address already in use")).isTrue();
        assertThat(schedule.snapshot()).isEqualTo(new RepairSchedule.Snapshot(T0.plusSeconds(24),
                "Address already in use", T0.plusSeconds(34), true));
    }

    @Test
    @DisplayName("a success clears the cause, resets the backoff and schedules the routine check at the maximum delay")
    void success() {
        RepairSchedule schedule = new RepairSchedule(Duration.ofSeconds(2), Duration.ofSeconds(10));
        schedule.failed(T0, "x");
        schedule.failed(T0.plusSeconds(2), "x");
        schedule.succeeded(T0.plusSeconds(6));
        assertThat(schedule.snapshot()).isEqualTo(new RepairSchedule.Snapshot(T0.plusSeconds(6), null, null, false));
        assertThat(schedule.due(T0.plusSeconds(15))).isFalse();
        assertThat(schedule.due(T0.plusSeconds(16))).isTrue();
        schedule.failed(T0.plusSeconds(16), "y");
        assertThat(schedule.snapshot().nextAttemptAt()).isEqualTo(T0.plusSeconds(18));
    }

    @Test
    @DisplayName("checkSoon makes the next check due at once; finding it running clears the cause but keeps the last attempt")
    void checkSoonAndFoundRunning() {
        RepairSchedule schedule = new RepairSchedule(Duration.ofSeconds(2), Duration.ofSeconds(10));
        schedule.failed(T0, "x");
        schedule.checkSoon();
        assertThat(schedule.due(T0)).isTrue();
        schedule.foundRunning(T0.plusSeconds(1));
        assertThat(schedule.snapshot()).isEqualTo(new RepairSchedule.Snapshot(T0, null, null, false));
        assertThat(schedule.due(T0.plusSeconds(10))).isFalse();
    }

    @Test
    @DisplayName("a warning carries the cause, the fix and when the service last tried and tries next")
    void warningText() {
        SetupProblem problem = new SetupProblem("instance network n is not running",
                "internal error: Network is already in use by interface br9", "Remove br9.");
        RepairSchedule.Snapshot failing = new RepairSchedule.Snapshot(T0.plusMillis(1500), "x", T0.plusSeconds(4), true);
        assertThat(problem.warning(failing)).isEqualTo("instance network n is not running: internal error: Network is "
                + "already in use by interface br9. Remove br9. The service retries by itself: last tried "
                + "2026-01-01T00:00:01Z, next try 2026-01-01T00:00:04Z.");
        assertThat(problem.refusalDetail()).isEqualTo("instance network n is not running: internal error: Network is "
                + "already in use by interface br9; see /api/monitor/health");
        assertThat(new SetupProblem("pool p is not running", null, "Start it.").refusalDetail())
                .isEqualTo("pool p is not running; see /api/monitor/health");
    }
}
