package dev.ec2service.platform.startup;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/**
 * Skips a scheduled run while the startup work is under way ({@code skipExecutionIf = StartupUnderWay.class}).
 * Quarkus's scheduler fires every interval job first at the whole second after it starts, which came before the HTTP
 * port opened in one start of several: the every-second jobs' first runs then created the beans of the network, the
 * pool, the leases, the reconcile and the host figures beside the start, and took the two cores from it (start ->
 * health 2.1-2.2 against 1.6-1.7 s here). Until libvirt is connected, the startup work's last step, those jobs have
 * nothing to do.
 */
@Singleton
public class StartupUnderWay implements Scheduled.SkipPredicate {

    private final StartupWork startup;

    StartupUnderWay(StartupWork startup) {
        this.startup = startup;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !startup.finished();
    }
}
