package io.migscope.sink;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the sink's tables and views up to date with Flyway before anything is consumed.
 *
 * <pre>{@code new SchemaMigrator(dataSource).migrate();}</pre>
 */
public final class SchemaMigrator {
    public static final String DEFAULT_LOCATION = "classpath:db/migration";

    private final DataSource dataSource;
    private final String[] locations;

    public SchemaMigrator(DataSource dataSource) {
        this(dataSource, DEFAULT_LOCATION);
    }

    /** @param locations Flyway locations, e.g. {@code classpath:db/migration} */
    public SchemaMigrator(DataSource dataSource, String... locations) {
        this.dataSource = dataSource;
        this.locations = locations.clone();
    }

    /**
     * Applies pending migrations.
     *
     * @return the schema version now in place
     * @throws SchemaMigrationException when Flyway cannot migrate; the sink must not start
     */
    public String migrate() {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(locations)
                    .load()
                    .migrate();
            return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        } catch (FlywayException e) {
            throw new SchemaMigrationException(message(e), e);
        }
    }

    private String message(FlywayException e) {
        return "The sink cannot start: Flyway could not migrate the PostgreSQL schema from "
                + String.join(",", locations) + ". Flyway says: " + e.getMessage().strip()
                + System.lineSeparator()
                + "What to do: check the JDBC URL and credentials and that the user may create tables and views; "
                + "if a migration script fails, fix the script (PostgreSQL rolled the failed one back, "
                + "so re-running applies it again); if an applied script was edited, restore it or run "
                + "'flyway repair'. Nothing was consumed from Kafka.";
    }
}
