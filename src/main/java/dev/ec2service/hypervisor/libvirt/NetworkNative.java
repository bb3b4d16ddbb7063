package dev.ec2service.hypervisor.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import dev.ec2service.hypervisor.DhcpLease;
import dev.ec2service.hypervisor.HypervisorException;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.libvirt.Error;
import org.libvirt.Network;
import org.libvirt.jna.NetworkPointer;
import org.libvirt.jna.virError;

/**
 * The two network calls libvirt-java does not bind: DHCP leases and live/persistent updates of a
 * running network's definition.
 */
final class NetworkNative {

    /** virNetworkUpdateCommand / virNetworkUpdateSection / virNetworkUpdateFlags values. */
    static final int UPDATE_COMMAND_DELETE = 2;
    static final int UPDATE_COMMAND_ADD_LAST = 3;
    static final int UPDATE_SECTION_IP_DHCP_HOST = 4;
    static final int UPDATE_AFFECT_LIVE = 1;
    static final int UPDATE_AFFECT_CONFIG = 2;

    interface Api extends Library {
        int virNetworkUpdate(NetworkPointer network, int command, int section, int parentIndex, String xml, int flags);

        int virNetworkGetDHCPLeases(NetworkPointer network, String mac, PointerByReference leases, int flags);

        void virNetworkDHCPLeaseFree(Pointer lease);

        virError virGetLastError();
    }

    /** struct _virNetworkDHCPLease, in declaration order. */
    @Structure.FieldOrder({"iface", "expirytime", "type", "mac", "iaid", "ipaddr", "prefix", "hostname", "clientid"})
    public static class Lease extends Structure {
        public String iface;
        public long expirytime;
        public int type;
        public String mac;
        public String iaid;
        public String ipaddr;
        public int prefix;
        public String hostname;
        public String clientid;

        public Lease(Pointer p) {
            super(p);
            read();
        }
    }

    private static final Api API = Native.load("virt", Api.class);
    private static final Field NETWORK_POINTER = networkPointerField();

    private NetworkNative() {
    }

    static void update(Network network, int command, String xml) {
        int rc = API.virNetworkUpdate(pointer(network), command, UPDATE_SECTION_IP_DHCP_HOST, -1, xml,
                UPDATE_AFFECT_LIVE | UPDATE_AFFECT_CONFIG);
        if (rc < 0) {
            throw lastError();
        }
    }

    static List<DhcpLease> leases(Network network) {
        PointerByReference array = new PointerByReference();
        int count = API.virNetworkGetDHCPLeases(pointer(network), null, array, 0);
        if (count < 0) {
            throw lastError();
        }
        List<DhcpLease> result = new ArrayList<>(count);
        Pointer base = array.getValue();
        if (base == null) {
            return result;
        }
        try {
            for (int i = 0; i < count; i++) {
                Pointer element = base.getPointer((long) i * Native.POINTER_SIZE);
                Lease lease = new Lease(element);
                result.add(new DhcpLease(lease.mac, lease.ipaddr, lease.hostname,
                        Instant.ofEpochSecond(lease.expirytime)));
                API.virNetworkDHCPLeaseFree(element);
            }
        } finally {
            Native.free(Pointer.nativeValue(base));
        }
        return result;
    }

    static HypervisorException lastError() {
        virError raw = API.virGetLastError();
        return raw == null
                ? new HypervisorException("libvirt call failed without an error message")
                : LibvirtErrors.translate(new Error(raw));
    }

    private static NetworkPointer pointer(Network network) {
        try {
            return (NetworkPointer) NETWORK_POINTER.get(network);
        } catch (IllegalAccessException e) {
            throw new HypervisorException("cannot reach libvirt's network handle", e);
        }
    }

    private static Field networkPointerField() {
        try {
            Field f = Network.class.getDeclaredField("vnp");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
