package io.migscope.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigscopeConfigTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        MigscopeConfig c = MigscopeConfig.defaults();
        assertThat(c.get(Keys.TOPICS_PREFIX)).isEqualTo("migscope.");
        assertThat(c.getDuration(Keys.COMPLETION_PER_GIB)).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void fileThenEnvironmentThenExplicitOverrides(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("migscope.properties");
        Files.writeString(file, "topics.prefix=file.\ntopics.partitions=3\nkafka.linger.ms=5\n");
        MigscopeConfig c = MigscopeConfig.builder().file(file)
                .environment(Map.of("MIGSCOPE_TOPICS_PARTITIONS", "12", "MIGSCOPE_KAFKA_COMPRESSION_TYPE", "lz4",
                        "MIGSCOPE_REQUIRE_SYSTEM_TESTS", "1", "PATH", "/bin"))
                .set("topics.replication", "3").build();
        assertThat(c.get(Keys.TOPICS_PREFIX)).isEqualTo("file.");
        assertThat(c.getInt(Keys.TOPICS_PARTITIONS)).isEqualTo(12);
        assertThat(c.getInt(Keys.TOPICS_REPLICATION)).isEqualTo(3);
        assertThat(c.kafkaProperties()).containsEntry("linger.ms", "5").containsEntry("compression.type", "lz4");
    }

    @Test
    void unknownKeyFailsNamingTheKey() {
        assertThatThrownBy(() -> MigscopeConfig.builder().set("topics.prefx", "x").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'topics.prefx'").hasMessageContaining("unknown key")
                .hasMessageContaining("did you mean 'topics.prefix'");
    }

    @Test
    void unknownEnvironmentKeyFailsNamingTheKey() {
        assertThatThrownBy(() -> MigscopeConfig.builder().environment(Map.of("MIGSCOPE_HTTP_PROT", "1")).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("'http.prot'");
    }

    @Test
    void invalidValueFailsNamingTheKey() {
        assertThatThrownBy(() -> MigscopeConfig.builder().set("streams.grace", "soon").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("'streams.grace'")
                .hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> MigscopeConfig.builder().set("topics.partitions", "six").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("'topics.partitions'");
    }

    @Test
    void perClusterDeadlineFallsBackToFleetWide() {
        MigscopeConfig c = MigscopeConfig.builder().set("cluster.ocp-east.deadline.completion.per.gib", "800s").build();
        assertThat(c.clusterDuration("ocp-east", Keys.CLUSTER_COMPLETION_PER_GIB, Keys.COMPLETION_PER_GIB))
                .isEqualTo(Duration.ofSeconds(800));
        assertThat(c.clusterDuration("other", Keys.CLUSTER_COMPLETION_PER_GIB, Keys.COMPLETION_PER_GIB))
                .isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void secretsComeFromFilesAndAreMaskedInToString(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("pw");
        Files.writeString(secret, "s3cr3t\n");
        MigscopeConfig c = MigscopeConfig.builder().set("jdbc.password", "${file:" + secret + "}")
                .set("kafka.sasl.jaas.config", "x password=\"hunter2\"").build();
        assertThat(c.get(Keys.JDBC_PASSWORD)).isEqualTo("s3cr3t");
        assertThat(c.toString()).doesNotContain("s3cr3t").doesNotContain("hunter2").contains("jdbc.password=******");
    }

    @Test
    void missingSecretEnvironmentVariableFailsNamingTheKey() {
        assertThatThrownBy(() -> MigscopeConfig.builder().set("jdbc.password", "${env:MIGSCOPE_NO_SUCH_VAR_42}").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("'jdbc.password'")
                .hasMessageContaining("MIGSCOPE_NO_SUCH_VAR_42");
    }
}
