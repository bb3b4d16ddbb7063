package dev.ec2service.host.port;

import dev.ec2service.hypervisor.Accelerator;

/** How guests run on this host (KVM, HVF or TCG emulation), chosen once at startup. */
public interface GuestAccelerator {

    Accelerator accelerator();
}
