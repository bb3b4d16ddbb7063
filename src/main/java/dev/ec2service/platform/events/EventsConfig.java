package dev.ec2service.platform.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The events WebSocket {@code /api/ws/events}: how much is kept for replay and how much a client may lag. */
@ConfigMapping(prefix = "ec2.events")
public interface EventsConfig {

    /**
     * Events kept in memory for clients that reconnect with {@code ?after=N}. A client that missed more than
     * this gets a {@code resync} message and fetches everything again.
     */
    @WithDefault("1000")
    int replayBuffer();

    /**
     * Messages queued for one client but not yet written to its socket. A client that falls further behind is
     * closed with 1013 and, reconnecting with {@code ?after=N}, gets what it missed from the replay buffer.
     */
    @WithDefault("500")
    int maxQueuedPerClient();

    /** How often a {@code host} sample (what {@code GET /api/monitor/stats} answers) is pushed while anyone listens. */
    @WithDefault("5s")
    Duration hostSampleInterval();
}
