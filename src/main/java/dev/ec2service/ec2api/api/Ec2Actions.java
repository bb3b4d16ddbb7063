package dev.ec2service.ec2api.api;

import java.util.Map;

/** A group of EC2 actions of one feature; the dispatcher collects every bean of this type. */
public interface Ec2Actions {

    /** Action name (as in {@code Action=...}) to its handler. */
    Map<String, Ec2Action> actions();
}
