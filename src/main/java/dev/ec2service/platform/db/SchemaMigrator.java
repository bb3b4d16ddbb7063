package dev.ec2service.platform.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates and evolves the schema with numbered scripts {@code db/migration/V<n>.sql}, applied in
 * order, each in its own transaction and recorded in {@code schema_version}. A database written by
 * an older version is brought forward with its data; nothing is ever dropped and recreated.
 */
@ApplicationScoped
public class SchemaMigrator {

    static final String LOCATION = "db/migration/V%d.sql";

    private final AgroalDataSource dataSource;
    private volatile int version;

    SchemaMigrator(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onStart(@Observes @Priority(5) StartupEvent event) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            version = migrate(connection);
        }
    }

    /** The schema version after startup. */
    public int version() {
        return version;
    }

    /** Applies every script newer than the database's version; answers the resulting version. */
    public static int migrate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            }
            connection.commit();
            int current = currentVersion(connection);
            int next = current + 1;
            String script;
            while ((script = load(next)) != null) {
                try (Statement st = connection.createStatement()) {
                    for (String sql : statements(script)) {
                        st.execute(sql);
                    }
                    st.execute("INSERT INTO schema_version(version, applied_at) VALUES (" + next
                            + ", strftime('%Y-%m-%dT%H:%M:%fZ','now'))");
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw new SQLException("schema migration V" + next + " failed: " + e.getMessage(), e);
                }
                Log.infof("database schema migrated to version %d", next);
                current = next++;
            }
            return current;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    static int currentVersion(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String load(int version) {
        String path = String.format(LOCATION, version);
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Splits a script on semicolons at line ends; a trigger, whose body holds semicolons, is written on one line. */
    static List<String> statements(String script) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                result.add(current.toString().strip().replaceAll(";$", ""));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString().strip());
        }
        return result;
    }
}
