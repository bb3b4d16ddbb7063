package dev.ec2service.instance.port;

import dev.ec2service.instance.domain.Instance;
import java.util.List;

/** Finds instances for other features (the web terminal logs in to one, metrics samples the running ones). */
public interface InstanceLookup {

    /** The instance, or a not-found refusal. */
    Instance get(String id);

    /** Whether a row of this id exists (terminated instances included), from the database alone. */
    boolean exists(String id);

    /** The ids of the instances the database holds as running, oldest first; no libvirt call. */
    List<String> runningIds();
}
