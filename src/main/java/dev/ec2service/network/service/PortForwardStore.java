package dev.ec2service.network.service;

import dev.ec2service.network.domain.ForwardProtocol;
import dev.ec2service.network.domain.NetworkErrors;
import dev.ec2service.network.domain.PortForward;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code port_forwards} table (migration V7), through plain JDBC, one short statement or transaction a call. */
@ApplicationScoped
class PortForwardStore {

    private final AgroalDataSource dataSource;

    PortForwardStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    Optional<String> holder(PortForward.Key key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT instance_id FROM port_forwards WHERE host_port = ? AND protocol = ?")) {
            st.setInt(1, key.hostPort());
            st.setString(2, key.protocol().wire());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the port forwards: " + e.getMessage(), e);
        }
    }

    /** Inserts all in one transaction; a host port already recorded refuses the lot with its holder. */
    void insert(String instanceId, List<PortForward> forwards) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("INSERT INTO port_forwards "
                    + "(host_port, protocol, instance_id, guest_port, created_at) VALUES (?, ?, ?, ?, ?)")) {
                String now = Instant.now().toString();
                for (PortForward f : forwards) {
                    st.setInt(1, f.hostPort());
                    st.setString(2, f.protocol().wire());
                    st.setString(3, instanceId);
                    st.setInt(4, f.guestPort());
                    st.setString(5, now);
                    st.addBatch();
                }
                st.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                for (PortForward f : forwards) {
                    Optional<String> holder = holder(f.key());
                    if (holder.isPresent()) {
                        throw NetworkErrors.HOST_PORT_IN_USE.exception("host port " + f.hostPort()
                                + " is already forwarded to instance " + holder.get());
                    }
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the port forwards of " + instanceId + ": "
                    + e.getMessage(), e);
        }
    }

    boolean delete(String instanceId, PortForward.Key key) {
        return update("DELETE FROM port_forwards WHERE instance_id = ? AND host_port = ? AND protocol = ?",
                instanceId, key) > 0;
    }

    void deleteAll(String instanceId) {
        update("DELETE FROM port_forwards WHERE instance_id = ?", instanceId, null);
    }

    private int update(String sql, String instanceId, PortForward.Key key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, instanceId);
            if (key != null) {
                st.setInt(2, key.hostPort());
                st.setString(3, key.protocol().wire());
            }
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change the port forwards of " + instanceId + ": "
                    + e.getMessage(), e);
        }
    }

    List<PortForward> of(String instanceId) {
        return read("SELECT instance_id, host_port, guest_port, protocol FROM port_forwards WHERE instance_id = ? "
                + "ORDER BY host_port, protocol", instanceId).getOrDefault(instanceId, List.of());
    }

    /** Every forward by instance id, each instance's by host port. */
    Map<String, List<PortForward>> all() {
        return read("SELECT instance_id, host_port, guest_port, protocol FROM port_forwards "
                + "ORDER BY instance_id, host_port, protocol", null);
    }

    private Map<String, List<PortForward>> read(String sql, String instanceId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            if (instanceId != null) {
                st.setString(1, instanceId);
            }
            Map<String, List<PortForward>> byInstance = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    // rows were checked when written; a protocol this version does not know is skipped, not fatal
                    Optional<ForwardProtocol> protocol = ForwardProtocol.of(rs.getString(4));
                    if (protocol.isPresent()) {
                        byInstance.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new PortForward(rs.getInt(2), rs.getInt(3), protocol.get()));
                    }
                }
            }
            return byInstance;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the port forwards: " + e.getMessage(), e);
        }
    }
}
