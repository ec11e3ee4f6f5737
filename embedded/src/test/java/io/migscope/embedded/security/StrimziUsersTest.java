package io.migscope.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.security.ComponentAcls.Component;
import io.migscope.embedded.security.ComponentAcls.Grant;
import io.migscope.topics.TopicNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/strimzi/kafka-users.yaml} grants each component exactly what its clients touch: the ACLs that
 * SecureKafkaTest proves sufficient and tight on a real broker, for the default topic names and application id.
 */
class StrimziUsersTest {
    private static final Path FILE = Path.of("../deploy/strimzi/kafka-users.yaml");

    @Test
    void everyComponentHasAScramUserWithExactlyItsAcls() throws IOException {
        Map<String, JsonNode> users = read();
        MigscopeConfig defaults = MigscopeConfig.defaults();
        TopicNames topics = TopicNames.from(defaults);
        assertThat(users.keySet()).containsExactlyInAnyOrder(
                Arrays.stream(Component.values()).map(Component::user).toArray(String[]::new));
        for (Component c : Component.values()) {
            JsonNode spec = users.get(c.user()).path("spec");
            assertThat(spec.path("authentication").path("type").asText()).as(c.user()).isEqualTo("scram-sha-512");
            assertThat(spec.path("authorization").path("type").asText()).as(c.user()).isEqualTo("simple");
            assertThat(grants(spec.path("authorization").path("acls"))).as(c.user())
                    .containsExactlyInAnyOrderElementsOf(ComponentAcls.grants(c, topics, defaults.get(Keys.APPLICATION_ID)));
        }
    }

    @Test
    void noUserMayTouchAnotherComponentsGroupOrEveryTopic() throws IOException {
        for (JsonNode user : read().values()) {
            for (Grant g : grants(user.path("spec").path("authorization").path("acls"))) {
                assertThat(g.name()).as(user.path("metadata").path("name").asText()).isNotEqualTo("*");
                assertThat(g.pattern() == PatternType.PREFIXED && g.name().length() < 3).isFalse();
            }
        }
    }

    private static Map<String, JsonNode> read() throws IOException {
        Map<String, JsonNode> users = new HashMap<>();
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(FILE.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && "KafkaUser".equals(doc.path("kind").asText())) {
                    users.put(doc.path("metadata").path("name").asText(), doc);
                }
            }
        }
        return users;
    }

    private static Set<Grant> grants(JsonNode acls) {
        Set<Grant> out = new LinkedHashSet<>();
        for (JsonNode acl : acls) {
            JsonNode r = acl.path("resource");
            ResourceType type = switch (r.path("type").asText()) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
                case "cluster" -> ResourceType.CLUSTER;
                default -> throw new AssertionError("unknown resource type " + r);
            };
            String name = type == ResourceType.CLUSTER ? Resource.CLUSTER_NAME : r.path("name").asText();
            PatternType pattern = "prefix".equals(r.path("patternType").asText()) ? PatternType.PREFIXED : PatternType.LITERAL;
            for (JsonNode op : acl.path("operations")) {
                out.add(new Grant(type, name, pattern, operation(op.asText())));
            }
        }
        return out;
    }

    /** Strimzi spells operations in CamelCase ({@code IdempotentWrite}); Kafka in upper snake case. */
    private static AclOperation operation(String strimzi) {
        String snake = strimzi.chars().mapToObj(ch -> Character.isUpperCase(ch) ? "_" + (char) ch : String.valueOf((char) ch))
                .collect(Collectors.joining()).substring(1).toUpperCase();
        return AclOperation.valueOf(snake);
    }
}
