package dev.ec2service.terminal.api;

import dev.ec2service.platform.error.DomainException;
import dev.ec2service.terminal.service.TerminalSessions;
import dev.ec2service.terminal.service.TerminalTarget;
import dev.ec2service.terminal.service.TerminalTargets;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Refuses a terminal upgrade before anything is opened (REQ-TERM-007/008): unknown instance 404, not
 * running or without an address 409, too many terminals 429. Browsers cannot read the status of a
 * refused upgrade, so the same answer is offered by {@code GET /api/instances/{id}/terminal} (see
 * {@link TerminalResource}) and the refusal carries the problem's detail in the {@code X-Ec2-Problem}
 * header. The Host and Origin rules of {@code LocalRequestGuard} have run before this.
 */
@ApplicationScoped
public class TerminalUpgradeCheck implements HttpUpgradeCheck {

    static final UserData.TypedKey<TerminalTarget> TARGET = new UserData.TypedKey<>("ec2.terminal.target");
    static final String PROBLEM_HEADER = "X-Ec2-Problem";

    private final TerminalTargets targets;
    private final TerminalSessions sessions;

    TerminalUpgradeCheck(TerminalTargets targets, TerminalSessions sessions) {
        this.targets = targets;
        this.sessions = sessions;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return TerminalSocket.ENDPOINT_ID.equals(endpointId);
    }

    /**
     * The checks ask libvirt and the database, so they run on a worker; the answer goes back to the
     * request's event loop. websockets-next upgrades on the thread the answer arrives on: from a worker
     * it sends the 101 and registers the endpoint's frame handlers in two separate event-loop tasks, and
     * a frame the client sends at once (a keystroke, a resize) can arrive in between, where Vert.x drops
     * it silently. On the event loop both happen in one task and no frame can slip between them.
     */
    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String id = context.pathParam("id");
        TerminalSocket.initialSize(context);
        Context requestContext = Vertx.currentContext();
        Uni<CheckResult> check = Uni.createFrom().item(() -> decide(context, id))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return requestContext == null ? check
                : check.emitOn(command -> requestContext.runOnContext(ignored -> command.run()));
    }

    private CheckResult decide(HttpUpgradeContext context, String id) {
        try {
            TerminalTarget target = targets.resolve(id);
            sessions.requireCapacity(target.instanceId());
            context.userData().put(TARGET, target);
            return CheckResult.permitUpgradeSync();
        } catch (DomainException e) {
            String text = e.getMessage() == null ? "" : e.getMessage().replaceAll("[\\r\\n]", " ");
            return CheckResult.rejectUpgradeSync(TerminalRefusals.upgradeStatus(e),
                    Map.of(PROBLEM_HEADER, List.of(text)));
        }
    }
}
