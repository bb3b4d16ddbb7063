package dev.ec2service.instance.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** The states of REQ-INST-008. */
public enum InstanceStatus {
    PENDING, RUNNING, STOPPING, STOPPED, ERROR, TERMINATED;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }
}
