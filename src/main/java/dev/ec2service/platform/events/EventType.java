package dev.ec2service.platform.events;

/** The {@code type} of a message on {@code /api/ws/events}, as it travels. */
public enum EventType {
    /** Sent first on every connection: the number of the latest event, to pass as {@code ?after=} next time. */
    HELLO("hello"),
    /** Events were missed that the buffer no longer holds (or {@code after} was not one of this run's): fetch everything. */
    RESYNC("resync"),
    /** An instance's status, address, state reason, type or tags changed, or it was created. */
    INSTANCE("instance"),
    /** An image was added, deleted, or its state or pull progress changed. */
    IMAGE("image"),
    /** A key pair was created, imported or deleted. */
    KEY_PAIR("key_pair"),
    /** The tags of an instance, image or key pair changed. */
    TAGS("tags"),
    /** A host sample, the body of {@code GET /api/monitor/stats}; live only, never replayed. */
    HOST("host"),
    /** The service's health, the body of {@code GET /api/monitor/health}, sent with each host sample; live only. */
    HEALTH("health"),
    /** A metrics sample of one running instance ({@code id}), as in {@code GET /api/instances/{id}/metrics}; live only. */
    METRICS("metrics");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
