package dev.ec2service.metrics.service;

import dev.ec2service.metrics.domain.MetricSample;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code instance_metrics} table (migration V6), through plain JDBC: each call is one short statement or
 * transaction, so sampling never holds SQLite's write lock for long.
 */
@ApplicationScoped
public class MetricsStore {

    private static final String COLUMNS = "instance_id, resolution_s, at_ms, vcpus, cpu_percent, memory_bytes, "
            + "disk_read_bytes, disk_write_bytes, net_rx_bytes, net_tx_bytes";
    private static final String UPSERT = "INSERT OR REPLACE INTO instance_metrics (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final AgroalDataSource dataSource;

    MetricsStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(MetricSample sample) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(UPSERT)) {
            bind(st, sample);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store a sample of " + sample.instanceId() + ": " + e.getMessage(),
                    e);
        }
    }

    /** An instance's samples and rollups from {@code since} on, oldest first. */
    public List<MetricSample> since(String instanceId, Instant since) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS
                        + " FROM instance_metrics WHERE instance_id = ? AND at_ms >= ? ORDER BY at_ms, resolution_s")) {
            st.setString(1, instanceId);
            st.setLong(2, since.toEpochMilli());
            return read(st);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the samples of " + instanceId + ": " + e.getMessage(), e);
        }
    }

    /**
     * In one transaction: rolls the samples as read from before the raw cutoff up (as the retention says), deletes
     * them, and deletes rollups from before the rollup cutoff. Answers how many rows were deleted.
     */
    public int prune(MetricsRetention retention, Instant now) {
        long rawCutoff = retention.rawCutoff(now).toEpochMilli();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<MetricSample> expired;
                try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS
                        + " FROM instance_metrics WHERE resolution_s < ? AND at_ms < ?")) {
                    st.setInt(1, retention.stepSeconds());
                    st.setLong(2, rawCutoff);
                    expired = read(st);
                }
                try (PreparedStatement st = c.prepareStatement(UPSERT)) {
                    for (MetricSample rollup : retention.rollups(now, expired)) {
                        bind(st, rollup);
                        st.addBatch();
                    }
                    st.executeBatch();
                }
                int deleted;
                try (PreparedStatement st = c.prepareStatement(
                        "DELETE FROM instance_metrics WHERE resolution_s < ? AND at_ms < ?")) {
                    st.setInt(1, retention.stepSeconds());
                    st.setLong(2, rawCutoff);
                    deleted = st.executeUpdate();
                }
                try (PreparedStatement st = c.prepareStatement(
                        "DELETE FROM instance_metrics WHERE resolution_s >= ? AND at_ms < ?")) {
                    st.setInt(1, retention.stepSeconds());
                    st.setLong(2, retention.rollupCutoff(now).toEpochMilli());
                    deleted += st.executeUpdate();
                }
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prune metrics: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement st, MetricSample s) throws SQLException {
        st.setString(1, s.instanceId());
        st.setInt(2, s.resolutionSeconds());
        st.setLong(3, s.at().toEpochMilli());
        st.setInt(4, s.vcpus());
        st.setDouble(5, s.cpuPercent());
        st.setLong(6, s.memoryBytes());
        st.setLong(7, s.diskReadBytes());
        st.setLong(8, s.diskWriteBytes());
        st.setLong(9, s.netRxBytes());
        st.setLong(10, s.netTxBytes());
    }

    private static List<MetricSample> read(PreparedStatement st) throws SQLException {
        List<MetricSample> result = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                result.add(new MetricSample(rs.getString(1), Instant.ofEpochMilli(rs.getLong(3)), rs.getInt(2),
                        rs.getInt(4), rs.getDouble(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                        rs.getLong(10)));
            }
        }
        return result;
    }
}
