package dev.ec2service.platform.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The scheduler starts halted (application.properties) and the startup work's end lets it run. */
@QuarkusTest
class SchedulerResumedTest {

    private final Scheduler scheduler;
    private final StartupWork startup;

    SchedulerResumedTest(Scheduler scheduler, StartupWork startup) {
        this.scheduler = scheduler;
        this.startup = startup;
    }

    @Test
    @DisplayName("once the startup work has run, the scheduled jobs run")
    void runningAfterStartup() {
        // the tests wait for the startup work before each test (AwaitStartupWork); the release runs right after that
        // wait ends, on the thread that ended the work
        assertThat(startup.finished()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(scheduler::isRunning);
    }
}
