package dev.ec2service.instance.port;

import dev.ec2service.instance.domain.Instance;

/** Finds an instance for another feature (the web terminal logs in to it). */
public interface InstanceLookup {

    /** The instance, or a not-found refusal. */
    Instance get(String id);
}
