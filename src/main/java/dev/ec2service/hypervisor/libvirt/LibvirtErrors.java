package dev.ec2service.hypervisor.libvirt;

import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.hypervisor.HypervisorObjectMissingException;
import dev.ec2service.hypervisor.HypervisorUnavailableException;
import java.util.EnumSet;
import java.util.Set;
import org.libvirt.Error;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/** The one place where libvirt's errors become ours; nothing above the adapter sees {@code org.libvirt}. */
final class LibvirtErrors {

    private static final Set<ErrorNumber> CONNECTION_LOST = EnumSet.of(
            ErrorNumber.VIR_ERR_NO_CONNECT,
            ErrorNumber.VIR_ERR_RPC,
            ErrorNumber.VIR_ERR_AUTH_FAILED,
            ErrorNumber.VIR_ERR_AUTH_CANCELLED,
            ErrorNumber.VIR_ERR_AUTH_UNAVAILABLE);

    private static final Set<ErrorNumber> MISSING = EnumSet.of(
            ErrorNumber.VIR_ERR_NO_DOMAIN,
            ErrorNumber.VIR_ERR_NO_NETWORK,
            ErrorNumber.VIR_ERR_NO_STORAGE_POOL,
            ErrorNumber.VIR_ERR_NO_STORAGE_VOL);

    private LibvirtErrors() {
    }

    static HypervisorException translate(LibvirtException e) {
        return e.getError() == null ? new HypervisorException(String.valueOf(e.getMessage()), e) : translate(e.getError(), e);
    }

    static HypervisorException translate(Error error) {
        return translate(error, null);
    }

    private static HypervisorException translate(Error error, Exception cause) {
        ErrorNumber code = error.getCode();
        String message = error.getMessage() != null ? error.getMessage() : String.valueOf(code);
        // a system error is a lost connection only when it comes from the transport (socket closed, EOF);
        // elsewhere it is an ordinary failure such as a file QEMU may not open
        boolean transport = error.getDomain() == Error.ErrorDomain.VIR_FROM_RPC
                || error.getDomain() == Error.ErrorDomain.VIR_FROM_REMOTE;
        if (code != null && (CONNECTION_LOST.contains(code) || (code == ErrorNumber.VIR_ERR_SYSTEM_ERROR && transport))) {
            return new HypervisorUnavailableException("libvirt is not reachable: " + message, cause);
        }
        if (code != null && MISSING.contains(code)) {
            return new HypervisorObjectMissingException(message);
        }
        return new HypervisorException(message, cause);
    }

    static boolean isMissing(LibvirtException e) {
        return e.getError() != null && MISSING.contains(e.getError().getCode());
    }
}
