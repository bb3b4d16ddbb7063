package dev.ec2service.terminal.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The web terminal (REQ-TERM-001..012): WebSocket keep-alive, SSH connection and relay limits. */
@ConfigMapping(prefix = "ec2.terminal")
public interface TerminalConfig {

    /**
     * How often the server pings an open terminal WebSocket (REQ-TERM-011). application.properties
     * passes it on to {@code quarkus.websockets-next.server.auto-ping-interval}.
     */
    @WithDefault("30s")
    Duration pingInterval();

    /** TCP connect timeout of the SSH connection to the instance. */
    @WithDefault("10s")
    Duration connectTimeout();

    /** How long a terminal keeps trying to reach a guest whose SSH server is not up yet (it may still be booting). */
    @WithDefault("120s")
    Duration bootWait();

    /** Interval of SSH keep-alive requests on an open session, so idle sessions survive NAT and a dead guest is noticed. */
    @WithDefault("15s")
    Duration sshKeepAlive();

    /**
     * Terminal output sent to the WebSocket but not yet written to the client's socket. Reading from SSH
     * pauses above it (back-pressure), so a flood of output cannot grow memory without bound.
     */
    @WithDefault("1048576")
    int maxBytesInFlight();

    /** Largest chunk read from SSH and sent as one binary frame. */
    @WithDefault("32768")
    int readChunkBytes();

    /**
     * Terminals open (or still connecting) on one instance at once; one more is refused (too many) at the
     * preflight and the upgrade, and closed with 1013 if it got past them.
     */
    @WithDefault("4")
    int maxPerInstance();

    /** Terminals open (or still connecting) on the whole service at once; beyond it, refused like {@link #maxPerInstance()}. */
    @WithDefault("32")
    int maxTotal();

    /**
     * Keystrokes typed while the SSH session is still being opened are held for the shell up to this many
     * bytes; more closes the terminal with 1008 instead of dropping input silently.
     */
    @WithDefault("65536")
    int maxPendingInputBytes();

    /** TERM of the pseudo-terminal. */
    @WithDefault("xterm-256color")
    String term();

    /** Login user when the instance's image does not name one. */
    @WithDefault("ubuntu")
    String defaultUser();
}
