package io.migscope.sink;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The connection pool the sink writes through when given a JDBC URL (production, {@code --jdbc-url}). */
public final class SinkDataSources {
    private SinkDataSources() {
    }

    /**
     * A small pool; close it when the sink stops. It does not fail when the database is down at creation:
     * the schema migration that follows says so clearly.
     */
    public static HikariDataSource pooled(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("migscope-sink");
        config.setMaximumPoolSize(2);
        // Milliseconds: while the database is down, getConnection must fail fast so the sink can back off.
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(-1);
        // The driver turns a JDBC batch of INSERTs into multi-row INSERTs: one round trip per batch.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }
}
