package dev.ec2service.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real SQLite files: a database written by schema version 1 is opened by the current version with its data. */
class SchemaMigratorTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("REQ-REL-001 a version-1 database is migrated forward with its rows intact")
    void migratesForwardKeepingData() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            for (String sql : SchemaMigrator.statements(resource("db/migration/V1.sql"))) {
                st.execute(sql);
            }
            st.execute("INSERT INTO schema_version VALUES (1, '2026-01-01T00:00:00Z')");
            st.execute("INSERT INTO instances (id, name, instance_type, status, memory_mb, disk_gb, vcpus, created_at) "
                    + "VALUES ('i-00000001', 'old one', 't2.nano', 'STOPPED', 512, 8, 1, '2026-01-01T00:00:00Z')");
            st.execute("INSERT INTO ssh_keys VALUES ('k', 'ssh-ed25519 AAAA', 'aa:bb', '2026-01-01T00:00:00Z')");
        }
        try (Connection c = DriverManager.getConnection(url)) {
            int version = SchemaMigrator.migrate(c);
            assertThat(version).isGreaterThanOrEqualTo(2);
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT name, status, mac_address FROM instances")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("name")).isEqualTo("old one");
                assertThat(rs.getString("status")).isEqualTo("STOPPED");
                assertThat(rs.getString("mac_address")).isNull();
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT fingerprint FROM ssh_keys")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("aa:bb");
            }
            assertThat(SchemaMigrator.migrate(c)).as("idempotent").isEqualTo(version);
        }
    }

    @Test
    @DisplayName("a fresh database gets every version in order")
    void freshDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("new.db"))) {
            int version = SchemaMigrator.migrate(c);
            assertThat(version).isEqualTo(SchemaMigrator.currentVersion(c)).isGreaterThanOrEqualTo(2);
        }
        assertThat(Files.size(dir.resolve("new.db"))).isPositive();
    }

    private static String resource(String path) throws Exception {
        try (var in = SchemaMigratorTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
