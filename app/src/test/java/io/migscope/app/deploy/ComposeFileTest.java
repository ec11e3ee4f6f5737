package io.migscope.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.migscope.cli.Main;
import io.migscope.config.ConfigKey;
import io.migscope.config.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/compose.yaml against the Compose Specification's own JSON schema (test resource compose-spec/, see its
 * README for where it comes from), since no Docker engine can run `docker compose config` here; then what the
 * schema cannot know: the services the lab needs, migscope command lines that parse and configuration keys that
 * exist.
 */
class ComposeFileTest {
    private static final Path FILE = Path.of("../deploy/compose.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theComposeFileFollowsTheComposeSpecification() throws IOException {
        assertThat(validate(YAML.readTree(FILE.toFile()))).isEmpty();
    }

    @Test
    void aMisspelledKeyOrAWrongValueIsRefusedByTheSchema() throws IOException {
        String yaml = Files.readString(FILE);
        assertThat(validate(YAML.readTree(yaml.replace("    command: [\"simulate\"]", "    comand: [\"simulate\"]"))))
                .anySatisfy(e -> assertThat(e).contains("comand"));
        assertThat(validate(YAML.readTree(yaml.replace("\nvolumes:\n", "\nvolume:\n"))))
                .anySatisfy(e -> assertThat(e).contains("volume"));
        assertThat(validate(YAML.readTree(yaml.replace("stop_grace_period: 75s", "stop_grace_period: [75s]"))))
                .anySatisfy(e -> assertThat(e).contains("stop_grace_period"));
    }

    @Test
    void theLabRunsABrokerARegistryPostgresStreamsAndAFleet() throws IOException {
        JsonNode services = YAML.readTree(FILE.toFile()).path("services");
        assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
        assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(services.path("postgres").path("image").asText()).startsWith("postgres:");
        assertThat(services.path("schema-registry").path("image").asText()).isNotEmpty();
        assertThat(services.path("streams").path("command").get(0).asText()).isEqualTo("streams");
        assertThat(services.path("fleet").path("command").get(0).asText()).isEqualTo("simulate");
        assertThat(services.path("streams").path("depends_on").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("kafka", "schema-registry", "postgres");
        assertThat(services.path("streams").path("healthcheck").path("test").toString()).contains("/health/ready");

        Set<String> keys = Keys.ALL.stream().map(ConfigKey::name).collect(Collectors.toSet());
        for (String service : List.of("streams", "fleet")) {
            JsonNode s = services.path(service);
            assertThat(s.path("image").asText()).startsWith("migscope:");
            List<String> args = new ArrayList<>();
            s.path("command").forEach(a -> args.add(a.asText()));
            CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as(service).isTrue();
            s.path("environment").fieldNames().forEachRemaining(n -> {
                String key = n.substring("MIGSCOPE_".length()).toLowerCase().replace('_', '.');
                assertThat(keys.contains(key) || key.startsWith(Keys.KAFKA_PREFIX)).as(n).isTrue();
            });
        }
    }

    private static List<String> validate(JsonNode compose) throws IOException {
        // The schema's $id is relative (compose_spec.json): load it from a location it can resolve against.
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(SchemaLocation.of("classpath:compose-spec/compose-spec.json"));
        return schema.validate(compose).stream().map(Error::toString).toList();
    }
}
