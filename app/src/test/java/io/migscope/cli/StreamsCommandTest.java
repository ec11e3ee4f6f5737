package io.migscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.migscope.app.StreamTime;
import io.migscope.app.chaos.ChildStreams;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedDatabase;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.publish.Publisher;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.MigrationExpectation;
import io.migscope.producers.simulator.SimulationSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code migscope streams} as a deployment runs it: a separate JVM, until SIGTERM. */
@ExtendWith(MigscopeKafkaExtension.class)
class StreamsCommandTest {

    @Test
    void missingBootstrapOrRegistryFailsNamingTheKey() {
        assertThat(runInProcess("streams")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
            assertThat(r.err()).contains("kafka.bootstrap.servers");
        });
        assertThat(runInProcess("streams", "--bootstrap", "localhost:1")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
            assertThat(r.err()).contains("registry.url");
        });
    }

    @Test
    void runsUntilSigtermServingApiAndSink(KafkaStack stack, EmbeddedDatabase db, @TempDir Path dir) throws Exception {
        String prefix = "stcmd.";
        List<String> args = List.of("--bootstrap", stack.bootstrapServers(), "--registry", stack.registryUrl(),
                "--jdbc-url", db.jdbcUrl(), "--set", "jdbc.user=" + db.user(), "--set", "topics.prefix=" + prefix,
                "--set", "streams.application.id=stcmd-app", "--set", "http.port=0",
                "--set", "correlation.recovery=3s", "--set", "correlation.baseline=3s");
        ChildStreams.Spec spec = new ChildStreams.Spec("streams-cmd", dir.resolve("state"), dir.resolve("streams.log"),
                args, Map.of("MIGSCOPE_JDBC_PASSWORD", db.password()));
        try (ChildStreams child = ChildStreams.start(spec, Duration.ofSeconds(90))) {
            FleetSimulator sim = publishFleet(stack, prefix, dir);
            List<MigrationExpectation> expected = sim.expectations();
            await().atMost(Duration.ofSeconds(90)).until(() -> rows(db, "stcmd-w1") == expected.size());
            String id = expected.get(0).migrationId();
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(child.apiUrl() + "/api/migrations/" + id)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(reply.body()).contains("\"migration_id\":\"" + id + "\"").contains("\"summary\":{");

            assertThat(child.stop(Duration.ofSeconds(60))).as(child.tail()).isZero();
        }
        assertThat(Files.readString(dir.resolve("streams.log"))).contains(StreamsCommand.RUNNING)
                .contains("migscope streams: stopped cleanly");
    }

    private static FleetSimulator publishFleet(KafkaStack stack, String prefix, Path dir) {
        MigscopeConfig config = MigscopeConfig.builder().set("topics.prefix", prefix).build();
        FleetSimulator sim = new FleetSimulator(SimulationSpec.demo(5, System.currentTimeMillis() * 1000L)
                .toBuilder().vms(6).wave("stcmd-w1").build());
        try (Publisher publisher = new Publisher(config, stack.bootstrapServers(), stack.registryUrl(), dir.resolve("spool"))) {
            sim.run(r -> publisher.publish(r.value()));
            publisher.flush();
            StreamTime.endCaptures(publisher, sim);
        }
        return sim;
    }

    private static int rows(EmbeddedDatabase db, String wave) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM migrations WHERE run_name = 'live'"
                     + " AND migration_id LIKE '" + wave + "%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private record Run(int exit, String err) {
    }

    private static Run runInProcess(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, err.toString());
    }
}
