package dev.ec2service.ec2api.service;

import dev.ec2service.ec2api.domain.Ec2Launch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The EC2 launch records: reservations, ClientTokens and disableApiTermination per instance. */
@ApplicationScoped
public class Ec2LaunchStore {

    @Transactional
    public List<Ec2Launch> byClientToken(String token) {
        return Ec2Launch.byClientToken(token);
    }

    @Transactional
    public Map<String, Ec2Launch> all() {
        return Ec2Launch.<Ec2Launch>listAll().stream().collect(Collectors.toMap(l -> l.instanceId, Function.identity()));
    }

    @Transactional
    public Ec2Launch find(String instanceId) {
        return Ec2Launch.findById(instanceId);
    }

    @Transactional
    public void record(String instanceId, String reservationId, String clientToken, int index,
            boolean disableApiTermination) {
        Ec2Launch launch = new Ec2Launch();
        launch.instanceId = instanceId;
        launch.reservationId = reservationId;
        launch.clientToken = clientToken;
        launch.launchIndex = index;
        launch.disableApiTermination = disableApiTermination;
        launch.createdAt = Instant.now();
        launch.persist();
    }

    /** Forgets a reservation that was rolled back, so its ClientToken no longer answers with it. */
    @Transactional
    public void deleteReservation(String reservationId) {
        Ec2Launch.delete("reservationId", reservationId);
    }

    @Transactional
    public void delete(String instanceId) {
        Ec2Launch.deleteById(instanceId);
    }

    /** Instances launched through REST have no record yet: one is made on their first modification. */
    @Transactional
    public void setDisableApiTermination(String instanceId, boolean value) {
        Ec2Launch launch = Ec2Launch.findById(instanceId);
        if (launch == null) {
            record(instanceId, Ec2Ids.reservationOf(instanceId), null, 0, value);
        } else {
            launch.disableApiTermination = value;
        }
    }
}
