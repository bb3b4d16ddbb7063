package dev.ec2service.terminal.domain;

import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.platform.error.Kind;

/** The causes a terminal is refused for (REQ-TERM-007/008). */
public final class TerminalErrors {

    public static final ErrorCode NO_KEY = new ErrorCode("terminal-no-key", Kind.CONFLICT, "No key to log in with");
    public static final ErrorCode NOT_RUNNING =
            new ErrorCode("instance-not-running", Kind.CONFLICT, "Instance not running");
    public static final ErrorCode NO_ADDRESS =
            new ErrorCode("instance-without-address", Kind.CONFLICT, "Instance has no address");
    public static final ErrorCode TOO_MANY = new ErrorCode("terminal-limit", Kind.TOO_MANY, "Too many terminals");

    private TerminalErrors() {
    }
}
