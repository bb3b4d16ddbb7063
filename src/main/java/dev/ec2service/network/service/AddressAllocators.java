package dev.ec2service.network.service;

import dev.ec2service.network.port.AddressAllocator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The {@link AddressAllocator} of the network mode in force. */
@ApplicationScoped
class AddressAllocators {

    @Produces
    @ApplicationScoped
    AddressAllocator allocator(NetworkModes modes, NatAddressAllocator nat, UserAddressAllocator user) {
        return modes.active().user() ? user : nat;
    }
}
