package dev.ec2service.ec2api.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** What RunInstances recorded about an instance beyond the instance itself: its reservation and ClientToken. */
@Entity
@Table(name = "ec2_launches")
public class Ec2Launch extends PanacheEntityBase {

    @Id
    @Column(name = "instance_id")
    public String instanceId;

    @Column(name = "reservation_id", nullable = false)
    public String reservationId;

    @Column(name = "client_token")
    public String clientToken;

    @Column(name = "launch_index", nullable = false)
    public int launchIndex;

    @Column(name = "disable_api_termination", nullable = false)
    public boolean disableApiTermination;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static List<Ec2Launch> byClientToken(String token) {
        return list("clientToken = ?1 order by launchIndex", token);
    }
}
