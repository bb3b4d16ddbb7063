package dev.ec2service.hypervisor.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.ec2service.hypervisor.HypervisorException;
import java.lang.reflect.Field;
import org.libvirt.Domain;
import org.libvirt.jna.DomainPointer;

/**
 * {@code virDomainQemuMonitorCommand} from libvirt-qemu, which libvirt-java does not bind: the HMP commands that add
 * and remove forwards of QEMU's user-mode networking at run time (libvirt 9.0 has no {@code <portForward>} for the
 * slirp backend).
 */
final class QemuMonitorNative {

    /** VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP. */
    private static final int HMP = 1;

    interface Api extends Library {
        int virDomainQemuMonitorCommand(DomainPointer domain, String cmd, PointerByReference result, int flags);
    }

    private static final Field DOMAIN_POINTER = domainPointerField();

    private QemuMonitorNative() {
    }

    /** Loaded on first use: a host without libvirt-qemu loses only this call. */
    private static final class Holder {
        static final Api API = load();

        private static Api load() {
            try {
                return Native.load("virt-qemu", Api.class);
            } catch (UnsatisfiedLinkError e) {
                return Native.load("libvirt-qemu.so.0", Api.class);
            }
        }
    }

    /** Runs one HMP command and answers its output (HMP reports most failures as output, not as an error). */
    static String hmp(Domain domain, String command) {
        Api api;
        try {
            api = Holder.API;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new HypervisorException("libvirt-qemu is not installed: " + e.getMessage(), e);
        }
        PointerByReference result = new PointerByReference();
        if (api.virDomainQemuMonitorCommand(pointer(domain), command, result, HMP) < 0) {
            throw NetworkNative.lastError();
        }
        Pointer text = result.getValue();
        if (text == null) {
            return "";
        }
        try {
            return text.getString(0).trim();
        } finally {
            Native.free(Pointer.nativeValue(text));
        }
    }

    private static DomainPointer pointer(Domain domain) {
        try {
            return (DomainPointer) DOMAIN_POINTER.get(domain);
        } catch (IllegalAccessException e) {
            throw new HypervisorException("cannot reach libvirt's domain handle", e);
        }
    }

    private static Field domainPointerField() {
        try {
            Field f = Domain.class.getDeclaredField("vdp");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
