package io.migscope.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An embedded PostgreSQL (zonky binaries) whose data directory survives restarts, so tests and the demo can stop
 * and start the same database on the same port, as a real outage would look to a client.
 *
 * <pre>{@code
 * try (EmbeddedDatabase db = EmbeddedDatabase.start(workDir.resolve("pg"), 0)) {
 *     DataSource ds = db.dataSource();
 *     db.stop();   // clients now get connection refused
 *     db.start();  // same data, same port
 * }
 * }</pre>
 *
 * The server's own output goes to {@code <dataDir>.log} next to the data directory instead of the console.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    private EmbeddedDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory}, initialising it when empty and reusing it otherwise.
     *
     * @param port a TCP port, or 0 to pick a free one now (it is then kept for every later {@link #start()})
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port) {
        Path absolute = dataDirectory.toAbsolutePath();
        EmbeddedDatabase database = new EmbeddedDatabase(absolute, port == 0 ? freePort() : port);
        database.start();
        return database;
    }

    /** Starts (again) on the same data directory and port. Does nothing when already running. */
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            Files.createDirectories(dataDirectory.getParent());
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    // Keep the data: a restart must find the rows written before it.
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setOutputRedirector(Redirect.appendTo(logFile().toFile()))
                    .setErrorRedirector(Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL on " + dataDirectory
                    + " port " + port + "; see " + logFile(), e);
        }
    }

    /** Stops the server (fast shutdown) and keeps its data directory. Does nothing when already stopped. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded PostgreSQL on port " + port, e);
        } finally {
            postgres = null;
        }
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    /** The embedded server trusts local connections, so there is no password. */
    public String password() {
        return "";
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * A non-pooled DataSource that opens a new connection each time, so it keeps working across stop/start.
     * Batched inserts are rewritten into multi-row INSERTs by the driver.
     */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"localhost"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(DATABASE);
        ds.setUser(USER);
        ds.setReWriteBatchedInserts(true);
        // Seconds: fail fast while the server is down instead of hanging the caller.
        ds.setConnectTimeout(5);
        return ds;
    }

    @Override
    public void close() {
        stop();
    }

    private Path logFile() {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port for the embedded PostgreSQL", e);
        }
    }
}
