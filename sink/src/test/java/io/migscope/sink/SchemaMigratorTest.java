package io.migscope.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class SchemaMigratorTest {

    @Test
    void migratesAFreshDatabaseToTheLatestVersionAndAgainIsANoOp() throws SQLException {
        DataSource ds = TestDatabases.fresh(TestDatabases.shared());

        assertThat(new SchemaMigrator(ds).migrate()).isEqualTo("4");
        assertThat(new SchemaMigrator(ds).migrate()).isEqualTo("4");

        assertThat(TestDatabases.rows(ds, "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"))
                .contains("alerts", "dead_letters", "downtime_intervals", "downtime_reports", "migration_phases",
                        "migration_timelines", "migrations", "rollup_metrics", "rollups", "waves", "wave_concurrency",
                        "wave_minutes", "wave_capacity_held");
        assertThat(TestDatabases.rows(ds, "SELECT table_name FROM information_schema.views"
                + " WHERE table_schema = 'public' ORDER BY 1"))
                .containsExactly("blackout_percentiles_hourly", "nonconverging_last_24h", "platform_comparison",
                        "wave_report", "wave_timeline");
    }

    @Test
    void aBrokenMigrationStopsStartUpWithAClearMessage() throws SQLException {
        DataSource ds = TestDatabases.fresh(TestDatabases.shared());

        assertThatThrownBy(() -> new SchemaMigrator(ds, "classpath:db/broken").migrate())
                .isInstanceOf(SchemaMigrationException.class)
                .hasMessageContaining("The sink cannot start")
                .hasMessageContaining("V1__broken.sql")
                .hasMessageContaining("no_such_type")
                .hasMessageContaining("What to do");
        // PostgreSQL rolled the failed script back: no half-made table is left behind.
        assertThat(TestDatabases.count(ds, "SELECT count(*) FROM information_schema.tables"
                + " WHERE table_name = 'migrations'")).isZero();
    }

    @Test
    void anUnreachableDatabaseStopsStartUpWithAClearMessage() {
        PGSimpleDataSource wrongPort = new PGSimpleDataSource();
        wrongPort.setUrl("jdbc:postgresql://localhost:1/postgres");
        wrongPort.setConnectTimeout(2);

        assertThatThrownBy(() -> new SchemaMigrator(wrongPort).migrate())
                .isInstanceOf(SchemaMigrationException.class)
                .hasMessageContaining("check the JDBC URL and credentials");
    }
}
