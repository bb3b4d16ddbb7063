package dev.ec2service.platform.repair;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Why something the service owns in libvirt cannot be used right now: what is wrong ({@code summary}),
 * libvirt's own explanation ({@code cause}, null when there is none) and the command or setting that fixes
 * it ({@code fix}).
 */
public record SetupProblem(String summary, String cause, String fix) {

    /** The detail of a refused request: what is wrong and why, pointing to health for the fix. */
    public String refusalDetail() {
        return withCause() + "; see /api/monitor/health";
    }

    /** The health warning: what is wrong, why, how to fix it and what the service is doing about it. */
    public String warning(RepairSchedule.Snapshot repairs) {
        StringBuilder text = new StringBuilder(withCause()).append(". ").append(fix);
        if (repairs.lastAttemptAt() != null && repairs.failing()) {
            text.append(" The service retries by itself: last tried ").append(seconds(repairs.lastAttemptAt()));
            if (repairs.nextAttemptAt() != null) {
                text.append(", next try ").append(seconds(repairs.nextAttemptAt()));
            }
            text.append('.');
        } else {
            text.append(" The service starts it by itself within seconds once the cause is gone.");
        }
        return text.toString();
    }

    private String withCause() {
        return cause == null ? summary : summary + ": " + cause;
    }

    private static Instant seconds(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS);
    }
}
