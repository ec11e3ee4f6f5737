package io.migscope.sink;

import io.migscope.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** One embedded PostgreSQL per test JVM, and a fresh database in it for each test. */
final class TestDatabases {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedDatabase shared;

    private TestDatabases() {
    }

    static synchronized EmbeddedDatabase shared() {
        if (shared == null) {
            try {
                shared = EmbeddedDatabase.start(Files.createTempDirectory("migscope-sink-pg").resolve("data"), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A new, empty database on {@code server}, returned as a DataSource that batches inserts. */
    static DataSource fresh(EmbeddedDatabase server) throws SQLException {
        String name = "sinktest_" + NEXT.incrementAndGet();
        execute(server.dataSource(), "CREATE DATABASE " + name);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(server.jdbcUrl().replace("/postgres", "/" + name));
        ds.setUser(server.user());
        ds.setReWriteBatchedInserts(true);
        ds.setConnectTimeout(5);
        return ds;
    }

    static DataSource freshMigrated() throws SQLException {
        DataSource ds = fresh(shared());
        new SchemaMigrator(ds).migrate();
        return ds;
    }

    static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Every row of the query's result as text, one string per row. */
    static List<String> rows(DataSource ds, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** The whole table, every column (written_at included), in a stable order. */
    static List<String> dump(DataSource ds, String table) throws SQLException {
        return rows(ds, "SELECT t::text FROM " + table + " t ORDER BY 1");
    }

    static long count(DataSource ds, String sql) throws SQLException {
        return Long.parseLong(rows(ds, sql).get(0));
    }
}
