package dev.ec2service.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Real SQLite files, two connections as the pool makes them: one holds the write lock, the other waits for it. */
class ShortBusyWaitsTest {

    @TempDir
    Path dir;

    /** With the service's URL options but its busy timeout: the handler alone decides. */
    private Connection open() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("busy.db")
                + "?journal_mode=WAL&transaction_mode=IMMEDIATE");
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t (v INTEGER)");
        }
        return c;
    }

    @Test
    @DisplayName("a transaction that finds the write lock taken waits in the handler and goes on once it is free")
    void waitsForTheLock() throws Exception {
        try (Connection holder = open(); Connection waiter = open()) {
            new ShortBusyWaits().onConnectionCreate(waiter);
            holder.setAutoCommit(false);
            holder.createStatement().execute("INSERT INTO t VALUES (1)");

            Thread[] waiting = new Thread[1];
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
                waiting[0] = Thread.currentThread();
                try {
                    waiter.setAutoCommit(false);
                    waiter.createStatement().execute("INSERT INTO t VALUES (2)");
                    waiter.setAutoCommit(true);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // parked in the handler: the only place that thread waits with a timeout
            while (waiting[0] == null || waiting[0].getState() != Thread.State.TIMED_WAITING) {
                assertThat(second).isNotDone();
                Thread.onSpinWait();
            }
            // as the pool ends a transaction: the driver's commit() would begin the next one at once
            holder.setAutoCommit(true);
            second.get(30, TimeUnit.SECONDS);
            try (ResultSet rs = holder.createStatement().executeQuery("SELECT count(*) FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    @DisplayName("after the limit the statement fails with SQLITE_BUSY, as with SQLite's own busy timeout")
    void givesUpAfterTheLimit() throws Exception {
        try (Connection holder = open(); Connection waiter = open()) {
            BusyHandler.setHandler(waiter.unwrap(SQLiteConnection.class),
                    new ShortBusyWaits.Waits(Duration.ofMillis(200)));
            holder.setAutoCommit(false);
            holder.createStatement().execute("INSERT INTO t VALUES (1)");
            assertThatThrownBy(() -> {
                waiter.setAutoCommit(false);
                waiter.createStatement().execute("INSERT INTO t VALUES (2)");
            }).isInstanceOfSatisfying(SQLiteException.class,
                    e -> assertThat(e.getResultCode().code & 0xff).isEqualTo(SQLiteErrorCode.SQLITE_BUSY.code));
            holder.rollback();
        }
    }
}
