package dev.ec2service.tag.domain;

/** What can carry tags; the wire names are EC2's ResourceType values. */
public enum TaggedResource {
    INSTANCE("instance"), IMAGE("image"), KEY_PAIR("key-pair");

    private final String wire;

    TaggedResource(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
