package dev.ec2service.network.service;

import dev.ec2service.network.port.Reservation;
import dev.ec2service.network.port.Spare;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code spare_addresses} table (migration V10), through plain JDBC, one short statement a call. */
@ApplicationScoped
class SpareStore {

    private final AgroalDataSource dataSource;

    SpareStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Oldest first (the order they were recorded in), so a launch takes the spare bound longest ago. */
    List<Spare> all() {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT instance_id, ip_address, mac_address FROM spare_addresses ORDER BY rowid");
                ResultSet rs = st.executeQuery()) {
            List<Spare> spares = new ArrayList<>();
            while (rs.next()) {
                spares.add(new Spare(rs.getString(1), new Reservation(rs.getString(2), rs.getString(3))));
            }
            return spares;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the spare addresses: " + e.getMessage(), e);
        }
    }

    void insert(Spare spare) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO spare_addresses (instance_id, ip_address, mac_address, created_at) VALUES (?, ?, ?, ?)")) {
            st.setString(1, spare.instanceId());
            st.setString(2, spare.reservation().ip());
            st.setString(3, spare.reservation().mac());
            st.setString(4, Instant.now().toString());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the spare address " + spare.reservation().ip() + ": "
                    + e.getMessage(), e);
        }
    }

    void delete(String instanceId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "DELETE FROM spare_addresses WHERE instance_id = ?")) {
            st.setString(1, instanceId);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete the spare address of " + instanceId + ": "
                    + e.getMessage(), e);
        }
    }
}
