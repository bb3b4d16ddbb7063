package dev.ec2service.instance.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The states of REQ-INST-008, plus EC2's {@code shutting-down} while a termination is under way: it records the
 * intent before anything is removed, so a termination interrupted by a crash is finished after the restart.
 */
public enum InstanceStatus {
    PENDING, RUNNING, STOPPING, STOPPED, SHUTTING_DOWN, ERROR, TERMINATED;

    @JsonValue
    public String wire() {
        return name().toLowerCase().replace('_', '-');
    }
}
