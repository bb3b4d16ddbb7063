package dev.ec2service.network.port;

import java.util.Map;
import java.util.Optional;

/**
 * Fired after each poll of the network: the address each MAC is seen with now (lower-case MACs). The instance
 * feature records them on its instances; the poll runs fast while {@link AddressAllocator#awaitingCount} is above
 * zero and slowly otherwise.
 */
public record AddressesSeen(Map<String, String> byMac) {

    public Optional<String> of(String mac) {
        return mac == null ? Optional.empty() : Optional.ofNullable(byMac.get(mac.toLowerCase()));
    }
}
