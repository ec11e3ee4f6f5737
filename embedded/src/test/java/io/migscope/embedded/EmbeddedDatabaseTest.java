package io.migscope.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @TempDir
    Path work;

    @Test
    void keepsDataAndPortAcrossStopAndStart() throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(work.resolve("pg"), 0)) {
            int port = db.port();
            DataSource ds = db.dataSource();
            execute(ds, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");

            db.stop();
            assertThat(db.isRunning()).isFalse();
            assertThatThrownBy(() -> count(ds)).isInstanceOf(SQLException.class);

            db.start();
            assertThat(db.port()).isEqualTo(port);
            assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:" + port + "/postgres");
            assertThat(count(ds)).isEqualTo(42);
        }
    }

    @Test
    void reopensAnExistingDataDirectoryFromANewInstance() throws SQLException {
        Path dir = work.resolve("pg2");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dir, 0)) {
            execute(first.dataSource(), "CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)");
        }
        try (EmbeddedDatabase second = EmbeddedDatabase.start(dir, 0)) {
            assertThat(count(second.dataSource())).isEqualTo(7);
        }
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int count(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
