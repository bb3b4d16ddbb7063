package dev.ec2service.instance.service;

import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Short transactions around the instances table. Lifecycle work talks to libvirt for seconds; it
 * must never hold a SQLite write transaction meanwhile, so each change commits on its own.
 */
@ApplicationScoped
public class InstanceStore {

    public Optional<Instance> find(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(Instance.<Instance>findById(id)));
    }

    public boolean exists(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Instance.count("id", id) > 0);
    }

    public void insert(Instance instance) {
        QuarkusTransaction.requiringNew().run(instance::persist);
    }

    /** Applies a change to the current row and answers the row as committed. */
    public Instance update(String id, Consumer<Instance> change) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instance row = Instance.findById(id);
            change.accept(row);
            return row;
        });
    }

    public List<Instance> list(Optional<InstanceStatus> status) {
        return QuarkusTransaction.requiringNew().call(() -> status
                .map(s -> Instance.<Instance>list("status = ?1 order by createdAt", s))
                .orElseGet(() -> Instance.list("order by createdAt")));
    }

    /** Instances that still exist in libvirt's world: everything but terminated. */
    public List<Instance> live() {
        return QuarkusTransaction.requiringNew().call(
                () -> Instance.<Instance>list("status <> ?1", InstanceStatus.TERMINATED));
    }

    /** Every row, terminated ones included. */
    public List<Instance> all() {
        return QuarkusTransaction.requiringNew().call(() -> Instance.<Instance>listAll());
    }

    /** Memory promised to instances that run or are about to (REQ-LIM-001 counts it as taken). */
    public long committedMemoryMb() {
        return QuarkusTransaction.requiringNew().call(() -> Instance.<Instance>find("status in ?1", List.of(
                InstanceStatus.PENDING, InstanceStatus.RUNNING, InstanceStatus.STOPPING)).stream()
                .mapToLong(i -> i.memoryMb).sum());
    }

    /** Disk promised to instances still being created, whose overlays do not exist yet (REQ-LIM-002). */
    public long pendingDiskGb() {
        return QuarkusTransaction.requiringNew().call(() -> Instance.<Instance>find("status = ?1 and launchedAt is null",
                InstanceStatus.PENDING).stream().mapToLong(i -> i.diskGb).sum());
    }

    /** Addresses held by instances that are not terminated. */
    public Set<String> reservedAddresses() {
        return live().stream().map(i -> i.ipAddress).filter(a -> a != null).collect(Collectors.toSet());
    }
}
