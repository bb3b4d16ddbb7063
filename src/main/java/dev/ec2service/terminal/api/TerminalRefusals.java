package dev.ec2service.terminal.api;

import dev.ec2service.platform.api.ProblemStatus;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.error.Kind;
import dev.ec2service.terminal.service.TerminalSession;

/**
 * The terminal's one mapping of refusals: before the upgrade they are HTTP statuses (the same as the REST answers,
 * see {@link ProblemStatus}); once the socket is open they are WebSocket close codes.
 */
final class TerminalRefusals {

    private TerminalRefusals() {
    }

    static int upgradeStatus(DomainException e) {
        return ProblemStatus.of(e.kind());
    }

    /** Not a refusal but a failure of something the terminal relies on (libvirt, the host). */
    static boolean isFailure(DomainException e) {
        return e.kind() == Kind.UPSTREAM_FAILED || e.kind() == Kind.UNAVAILABLE || e.kind() == Kind.FAILED;
    }

    /** 1013 Try Again Later for a limit that frees up; 1011 for everything else, the client cannot fix it by retrying. */
    static int closeCode(DomainException e) {
        return e.kind() == Kind.TOO_MANY ? TerminalSession.TRY_AGAIN_LATER : TerminalSession.INTERNAL_ERROR;
    }
}
