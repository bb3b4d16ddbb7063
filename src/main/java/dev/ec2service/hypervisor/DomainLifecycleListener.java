package dev.ec2service.hypervisor;

/** Told whenever libvirt reports a lifecycle event for a domain; called on libvirt's event thread, so keep it short. */
@FunctionalInterface
public interface DomainLifecycleListener {
    void onLifecycleEvent(String domainName, DomainState newState);
}
