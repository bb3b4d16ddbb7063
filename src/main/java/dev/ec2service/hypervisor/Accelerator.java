package dev.ec2service.hypervisor;

/** How guests are executed: hardware-assisted (KVM on Linux, HVF on macOS) or emulated (TCG). */
public enum Accelerator {
    KVM("kvm"), HVF("hvf"), TCG("qemu");

    private final String domainType;

    Accelerator(String domainType) {
        this.domainType = domainType;
    }

    /** The libvirt domain type that selects this accelerator. */
    public String domainType() {
        return domainType;
    }

    public String id() {
        return name().toLowerCase();
    }
}
