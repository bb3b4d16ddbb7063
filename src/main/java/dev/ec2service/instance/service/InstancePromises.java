package dev.ec2service.instance.service;

import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.instance.domain.InstanceStatusColumn;
import dev.ec2service.network.port.Reservation;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What launches promised: read under the reservation lock, where every launch of a burst waits for the one before
 * it. Plain JDBC, one statement for the rows and one for the ids asked about: through Hibernate this read (query
 * translation, a transaction and a session of its own) was the largest part of a launch's time under the lock.
 * The rows are those of the {@code instances} table (migration V1 and later), the status as
 * {@link InstanceStatusColumn} stores it.
 */
@ApplicationScoped
public class InstancePromises {

    private static final Set<InstanceStatus> HOLDING_MEMORY =
            Set.of(InstanceStatus.PENDING, InstanceStatus.RUNNING, InstanceStatus.STOPPING);
    /** How the column spells the one status that holds nothing. */
    private static final String TERMINATED = new InstanceStatusColumn().convertToDatabaseColumn(InstanceStatus.TERMINATED);

    private final AgroalDataSource dataSource;

    InstancePromises(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The memory promised to instances that run or are about to (REQ-LIM-001 counts it as taken), the addresses
     * (and forwarded SSH ports) held by instances that are not terminated, both from one consistent read, and which
     * of {@code ids} (the id a launch drew, the spares' ids) already name an instance.
     */
    Promises read(Collection<String> ids) {
        try (Connection c = dataSource.getConnection()) {
            long committedMb = 0;
            List<Reservation> held = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT status, memory_mb, ip_address, mac_address, ssh_port"
                    + " FROM instances WHERE status <> ?")) {
                st.setString(1, TERMINATED);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        if (HOLDING_MEMORY.contains(InstanceStatusColumn.read(rs.getString(1)))) {
                            committedMb += rs.getLong(2);
                        }
                        String ip = rs.getString(3);
                        String mac = rs.getString(4);
                        int port = rs.getInt(5);
                        // asked right after the port's own read (SQLite's driver refuses getObject of NULL as Integer)
                        Integer sshPort = rs.wasNull() ? null : port;
                        held.add(new Reservation(ip, mac, sshPort));
                    }
                }
            }
            return new Promises(committedMb, held, ids.isEmpty() ? Set.of() : existing(c, ids));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the instances' reservations: " + e.getMessage(), e);
        }
    }

    /** {@link #read(Collection)} without asking about any id. */
    public Promises read() {
        return read(List.of());
    }

    private static Set<String> existing(Connection c, Collection<String> ids) throws SQLException {
        List<String> asked = List.copyOf(ids);
        String marks = String.join(",", Collections.nCopies(asked.size(), "?"));
        try (PreparedStatement st = c.prepareStatement("SELECT id FROM instances WHERE id IN (" + marks + ")")) {
            for (int i = 0; i < asked.size(); i++) {
                st.setString(i + 1, asked.get(i));
            }
            Set<String> found = new HashSet<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        }
    }

    /** See {@link #read(Collection)}. */
    public record Promises(long committedMemoryMb, List<Reservation> reservations, Set<String> existingIds) {
    }
}
