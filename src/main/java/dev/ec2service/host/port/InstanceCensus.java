package dev.ec2service.host.port;

import java.util.Map;

/**
 * "How many instances are there, by status?" Asked by the monitor. Declared here, where it is shown, and answered
 * by the feature that keeps the instances.
 */
public interface InstanceCensus {

    /** Every instance status by its API name, in lifecycle order, with the number of instances in it (0 included). */
    Map<String, Long> countsByStatus();
}
