package dev.ec2service.network.port;

import dev.ec2service.network.domain.PortForward;
import dev.ec2service.network.domain.PortForwardState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Forwards from ports on the host's loopback to instances, as the instance lifecycle drives them: claimed at launch
 * or later, listening while the instance runs, released when it is terminated. The nat network relays them in this
 * service; another network mode (QEMU user-mode networking) can implement the same contract with its own relay.
 * The calls that listen or close block until that is done, so they are made off the event loop, under the
 * instance's lock.
 */
public interface PortForwards {

    /** The instance whose forward holds the host port, if one does. */
    Optional<String> holder(PortForward forward);

    /**
     * Records the forwards for the instance, all or none. Refuses ({@code host-port-in-use}) a host port another
     * forward holds or that another program on this host listens on; does not listen yet.
     */
    void claim(String instanceId, List<PortForward> forwards);

    /**
     * Listens for each of the instance's forwards that does not yet, relaying to {@code guestAddress}. A forward
     * whose host port cannot be bound is left closed with the reason ({@link PortForwardState#problem()}).
     */
    void open(String instanceId, String guestAddress);

    /** Stops listening for the instance's forwards and closes the connections they relay; keeps them recorded. */
    void close(String instanceId);

    /** Closes and forgets one forward of the instance; refuses ({@code not-found}) a host port it does not forward. */
    void remove(String instanceId, PortForward.Key key);

    /** Closes and forgets every forward of the instance, releasing their host ports. */
    void release(String instanceId);

    /** The instance's forwards by host port, each with whether it listens now. */
    List<PortForwardState> of(String instanceId);

    /** Every instance's forwards, by instance id (one query, for listings). */
    Map<String, List<PortForwardState>> all();

    /**
     * A number that moves after every change to whether a forward listens or why not (what the database does not
     * hold): a listing read after this number was read shows the listening state of that moment or later.
     */
    long generation();
}
