package dev.ec2service.hypervisor;

/** The run state of a domain, reduced to what the instance lifecycle distinguishes. */
public enum DomainState {
    RUNNING, PAUSED, SHUTTING_DOWN, SHUT_OFF, CRASHED, OTHER
}
