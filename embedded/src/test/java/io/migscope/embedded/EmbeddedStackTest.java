package io.migscope.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.config.MigscopeConfig;
import io.migscope.topics.TopicNames;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start with the demo's options: the database hook and the topics are done when {@code start} returns, each part
 * says when it answered, and a second start on the same work directory (warm) finds the topics and the rows again.
 */
class EmbeddedStackTest {

    @Test
    void startsThePartsInParallelAndAWarmStartFindsThemAgain(@TempDir Path dir) throws Exception {
        MigscopeConfig config = MigscopeConfig.builder().set("topics.prefix", "s.").set("topics.partitions", "2").build();
        TopicNames names = TopicNames.from(config);
        AtomicInteger hooks = new AtomicInteger();
        EmbeddedStack.Options options = EmbeddedStack.Options.WITH_DATABASE.withTopics().onDatabase(db -> {
            hooks.incrementAndGet();
            execute(db, "CREATE TABLE IF NOT EXISTS kept (v int); INSERT INTO kept VALUES (1)");
        });

        try (EmbeddedStack stack = EmbeddedStack.start(config, dir, options)) {
            assertThat(hooks).hasValue(1);
            assertThat(count(stack.database())).isEqualTo(1);
            assertThat(topics(stack)).containsAll(names.all().stream().map(TopicNames.Spec::name).toList());
            Map<String, Long> at = stack.readyAt();
            assertThat(at).containsOnlyKeys("postgres", "schema", "kafka", "topics", "registry");
            assertThat(at.get("schema")).isGreaterThanOrEqualTo(at.get("postgres"));
            assertThat(at.get("topics")).isGreaterThanOrEqualTo(at.get("kafka"));
            assertThat(at.get("registry")).isGreaterThanOrEqualTo(at.get("kafka"));
            try (Admin admin = admin(stack)) {
                assertThat(admin.describeTopics(List.of(names.signals())).allTopicNames().get().get(names.signals())
                        .partitions()).hasSize(2);
            }
        }

        try (EmbeddedStack warm = EmbeddedStack.start(config, dir, options)) {
            assertThat(hooks).hasValue(2);
            assertThat(count(warm.database())).as("rows of the first start, plus the second hook's").isEqualTo(2);
            assertThat(topics(warm)).containsAll(names.all().stream().map(TopicNames.Spec::name).toList());

            // A topic that appears later (a new version's, here one deleted) gets the partitions of those in place,
            // not a changed setting's: Kafka Streams joins them by key.
            try (Admin admin = admin(warm)) {
                admin.deleteTopics(List.of(names.waves())).all().get();
            }
            List<String> created = awaitCreated(warm, config.with(Map.of("topics.partitions", "5")));
            assertThat(created).containsExactly(names.waves());
            try (Admin admin = admin(warm)) {
                assertThat(admin.describeTopics(List.of(names.waves())).allTopicNames().get().get(names.waves())
                        .partitions()).hasSize(2);
            }
        }
    }

    @Test
    void withoutOptionsNoTopicsAndNoDatabase(@TempDir Path dir) throws Exception {
        MigscopeConfig config = MigscopeConfig.builder().set("topics.prefix", "n.").build();
        try (EmbeddedStack stack = EmbeddedStack.start(config, dir, EmbeddedStack.Options.BROKER_ONLY)) {
            assertThat(stack.database()).isNull();
            assertThat(topics(stack)).noneMatch(t -> t.startsWith("n."));
            assertThat(stack.readyAt()).containsOnlyKeys("kafka", "registry");
        }
    }

    /** A deleted topic leaves the broker's metadata a moment later: create until the broker takes it. */
    private static List<String> awaitCreated(EmbeddedStack stack, MigscopeConfig config) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                List<String> created = TopicAdmin.createAll(stack.bootstrapServers(), config);
                if (!created.isEmpty() || System.currentTimeMillis() > deadline) {
                    return created;
                }
            } catch (IllegalStateException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(200);
        }
    }

    private static Admin admin(EmbeddedStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }

    private static Set<String> topics(EmbeddedStack stack) throws Exception {
        try (Admin admin = admin(stack)) {
            return admin.listTopics().names().get();
        }
    }

    private static void execute(EmbeddedDatabase db, String sql) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(EmbeddedDatabase db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM kept")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
