package dev.ec2service.metrics.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.platform.db.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics table of migration V6 on a real SQLite file, with foreign keys on as the service opens it. */
class MetricsSchemaTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("an instance's samples are deleted with its row")
    void samplesGoWithTheirInstance() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("m.db") + "?foreign_keys=on")) {
            SchemaMigrator.migrate(c);
            try (Statement st = c.createStatement()) {
                for (String id : new String[] {"i-00000001", "i-00000002"}) {
                    st.execute("INSERT INTO instances (id, instance_type, status, memory_mb, disk_gb, vcpus, "
                            + "created_at) VALUES ('" + id + "', 't2.nano', 'TERMINATED', 512, 8, 1, "
                            + "'2026-01-01T00:00:00Z')");
                    st.execute("INSERT INTO instance_metrics VALUES ('" + id + "', 5, 1000, 1, 12.5, 1024, 1, 2, 3, 4)");
                }
                st.execute("DELETE FROM instances WHERE id = 'i-00000001'");
                try (ResultSet rs = st.executeQuery("SELECT instance_id FROM instance_metrics")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("i-00000002");
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }
}
