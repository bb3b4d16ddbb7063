package dev.ec2service.network.service;

import io.quarkus.logging.Log;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which interfaces of this host (of the service's network namespace) hold an address in a subnet. libvirt
 * refuses to start a network whose subnet is already routed through another interface ("Network is already
 * in use by interface …"); naming that interface is what lets a user remove it.
 */
final class AddressHolders {

    /** One address on one interface. */
    record Holder(String iface, String address, int prefix) {
        String describe() {
            return "interface " + iface + " holds " + address + "/" + prefix;
        }
    }

    private AddressHolders() {
    }

    /** Every interface address that overlaps {@code gateway/prefix}. */
    static List<Holder> overlapping(String gateway, int prefix) {
        List<Holder> found = new ArrayList<>();
        try {
            InetAddress wanted = InetAddress.getByName(gateway);
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet4Address
                            && overlap(wanted, prefix, a.getAddress(), a.getNetworkPrefixLength())) {
                        found.add(new Holder(nic.getName(), a.getAddress().getHostAddress(), a.getNetworkPrefixLength()));
                    }
                }
            }
        } catch (SocketException | UnknownHostException e) {
            Log.debugf("cannot list the host's interfaces: %s", e.getMessage());
        }
        return found;
    }

    /** Two IPv4 subnets overlap when they agree on the bits of the shorter prefix. */
    static boolean overlap(InetAddress a, int prefixA, InetAddress b, int prefixB) {
        if (!(a instanceof Inet4Address) || !(b instanceof Inet4Address)) {
            return false;
        }
        int bits = Math.min(prefixA, prefixB);
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        return (toInt(a) & mask) == (toInt(b) & mask);
    }

    private static int toInt(InetAddress address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }
}
