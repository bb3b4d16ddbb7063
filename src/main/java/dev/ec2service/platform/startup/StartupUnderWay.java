package dev.ec2service.platform.startup;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Skips a scheduled run while the startup work is under way ({@code skipExecutionIf = StartupUnderWay.class}), for
 * at most {@link #BOUND}. Quarkus's scheduler fires every interval job first at the whole second after it starts,
 * which came before the HTTP port opened in one start of several: the every-second jobs' first runs then created the
 * beans of the network, the pool, the leases, the reconcile and the host figures beside the start, and took the two
 * cores from it (start -> health 2.1-2.2 against 1.6-1.7 s here). Their work waits for the startup steps anyway: the
 * libvirt connection (or its failure, after which the probe reconnects) is the last of them. A step that hangs (a
 * libvirt that never answers the connection) holds them back no longer than the bound.
 */
@Singleton
public class StartupUnderWay implements Scheduled.SkipPredicate {

    static final Duration BOUND = Duration.ofSeconds(30);

    private final StartupWork startup;
    private final LongSupplier nanoTime;
    /** When the first run was skipped (once {@link #skipping}). */
    private volatile long firstSkip;
    private volatile boolean skipping;
    private volatile boolean gaveUp;

    @Inject
    StartupUnderWay(StartupWork startup) {
        this(startup, System::nanoTime);
    }

    StartupUnderWay(StartupWork startup, LongSupplier nanoTime) {
        this.startup = startup;
        this.nanoTime = nanoTime;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        if (gaveUp || startup.finished()) {
            return false;
        }
        long now = nanoTime.getAsLong();
        if (!skipping) {
            firstSkip = now;
            skipping = true;
        } else if (now - firstSkip >= BOUND.toNanos()) {
            gaveUp = true;
            Log.warnf("the startup work is still under way after %d s (%s); the scheduled jobs run from now on",
                    BOUND.toSeconds(), String.join(", ", startup.pending()));
            return false;
        }
        return true;
    }
}
