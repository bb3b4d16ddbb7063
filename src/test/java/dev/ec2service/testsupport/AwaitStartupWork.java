package dev.ec2service.testsupport;

import dev.ec2service.platform.startup.StartupWork;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.test.junit.callback.QuarkusTestAfterConstructCallback;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every {@code @QuarkusTest} starts from a service that has finished its startup work (libvirt connected, network
 * and pool set up, images checked), as the tests were written against: since that work runs after the port opens,
 * a test's first request could otherwise see health {@code starting}. This waits for the work's completion signal;
 * it polls nothing. Registered in META-INF/services.
 */
public class AwaitStartupWork implements QuarkusTestAfterConstructCallback, QuarkusTestBeforeEachCallback {

    /** Before a per-class test's {@code @BeforeAll}: rows it writes must not meet the first reconcile half way. */
    @Override
    public void afterConstruct(Object testInstance) {
        await();
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        await();
    }

    private static void await() {
        if (Arc.container() == null) {
            return;
        }
        try (InstanceHandle<StartupWork> work = Arc.container().instance(StartupWork.class)) {
            if (work.isAvailable()) {
                work.get().done().get(120, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the startup work", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the service's startup work did not finish", e);
        }
    }
}
