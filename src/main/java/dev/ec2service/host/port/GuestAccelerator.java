package dev.ec2service.host.port;

import dev.ec2service.hypervisor.Accelerator;
import dev.ec2service.platform.arch.Arch;

/** How guests run on this host (KVM, HVF or TCG emulation), chosen once at startup. */
public interface GuestAccelerator {

    Accelerator accelerator();

    /**
     * The accelerator for a guest of the given architecture: KVM and HVF run only guests of the host's own, so
     * any other (an arm64 image on an x86 host, allowed by {@code ec2.images.allow-foreign-arch}) is emulated.
     */
    default Accelerator acceleratorFor(Arch guest) {
        return forGuest(accelerator(), Arch.host().orElse(null), guest);
    }

    /** {@link #acceleratorFor} for a given host architecture ({@code null}: one we have no guests for). */
    static Accelerator forGuest(Accelerator chosen, Arch host, Arch guest) {
        return guest == host ? chosen : Accelerator.TCG;
    }
}
