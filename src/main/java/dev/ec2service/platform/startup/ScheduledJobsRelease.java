package dev.ec2service.platform.startup;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Lets the scheduled jobs run once the startup work has run, or after {@link #BOUND} at most. Quarkus's scheduler
 * starts halted ({@code quarkus.scheduler.start-mode=halted}, application.properties): it would otherwise fire every
 * interval job first at the whole second after it starts, which came before the HTTP port opened in one start of
 * several, and the every-second jobs' first runs then created the beans of the network, the pool, the leases, the
 * reconcile and the host figures beside the start and took the two cores from it (start -> health 2.1-2.2 against
 * 1.6-1.7 s here). Their work waits for the startup steps anyway: the libvirt connection (or its failure, after which
 * the probe reconnects) is the last of them. A step that hangs (a libvirt that never answers the connection) holds
 * them back no longer than the bound.
 */
@ApplicationScoped
public class ScheduledJobsRelease {

    static final Duration BOUND = Duration.ofSeconds(30);

    private final StartupWork startup;
    private final Runnable resume;
    private final Duration bound;

    @Inject
    ScheduledJobsRelease(StartupWork startup, Scheduler scheduler) {
        this(startup, scheduler::resume, BOUND);
    }

    ScheduledJobsRelease(StartupWork startup, Runnable resume, Duration bound) {
        this.startup = startup;
        this.resume = resume;
        this.bound = bound;
    }

    void onStart(@Observes StartupEvent event) {
        // a copy of the work's future: its timeout leaves the work's own completion alone, and either ends it once
        startup.done().completeOnTimeout(null, bound.toMillis(), TimeUnit.MILLISECONDS).thenRun(this::release);
    }

    private void release() {
        if (!startup.finished()) {
            Log.warnf("the startup work is still under way after %d s (%s); the scheduled jobs run from now on",
                    bound.toSeconds(), String.join(", ", startup.pending()));
        }
        resume.run();
    }
}
