package io.migscope.embedded.security;

import io.migscope.registry.RegistryServer;
import io.migscope.topics.TopicNames;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least privilege of each migscope component on a secured cluster: exactly the resources its Kafka clients
 * touch. The embedded SASL_SSL broker grants these, and {@code deploy/strimzi/} must say the same (a test checks).
 */
public final class ComponentAcls {
    /**
     * Kafka Streams names its internal topics {@code <application.id>-<name>} and, under exactly_once_v2, its
     * transactional ids {@code <application.id>-<process id>-<thread>}: one prefix covers both.
     */
    private static final String SEPARATOR = "-";

    /** A migscope process kind, with the principal (SCRAM user, Strimzi {@code KafkaUser}) it runs as. */
    public enum Component {
        /** {@code migscope collect}: the Publisher's idempotent producer. */
        COLLECTOR("migscope-collector"),
        /** The Kafka Streams application, with the HTTP API and live page that run in its process. */
        STREAMS("migscope-streams"),
        /** {@code migscope sink}: the output consumer and its dead-letter producer. */
        SINK("migscope-sink"),
        /** {@code migscope registry}: the {@code _schemas} log. */
        REGISTRY("migscope-registry");

        private final String user;

        Component(String user) {
            this.user = user;
        }

        public String user() {
            return user;
        }
    }

    /** One permission: an operation on a resource named literally or by prefix. */
    public record Grant(ResourceType type, String name, PatternType pattern, AclOperation operation) {
        AclBinding binding(String user) {
            return new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
        }
    }

    private ComponentAcls() {
    }

    /** What {@code component} may do with migscope's topics {@code topics} and Streams application id {@code applicationId}. */
    public static Set<Grant> grants(Component component, TopicNames topics, String applicationId) {
        Set<Grant> g = new LinkedHashSet<>();
        switch (component) {
            case COLLECTOR -> {
                topics(g, AclOperation.WRITE, inputs(topics));
                topics(g, AclOperation.WRITE, List.of(topics.deadLetters()));
            }
            case STREAMS -> streams(g, topics, applicationId);
            case SINK -> {
                topics(g, AclOperation.READ, outputs(topics));
                topics(g, AclOperation.WRITE, List.of(topics.deadLetters()));
                g.add(new Grant(ResourceType.GROUP, sinkGroup(applicationId), PatternType.LITERAL, AclOperation.READ));
            }
            case REGISTRY -> {
                for (AclOperation op : List.of(AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE)) {
                    g.add(new Grant(ResourceType.TOPIC, RegistryServer.DEFAULT_TOPIC, PatternType.LITERAL, op));
                }
            }
        }
        // Every migscope producer is idempotent.
        g.add(new Grant(ResourceType.CLUSTER, Resource.CLUSTER_NAME,
                PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE));
        return g;
    }

    /** The ACL bindings for {@code component}'s user. */
    public static List<AclBinding> bindings(Component component, TopicNames topics, String applicationId) {
        return grants(component, topics, applicationId).stream().map(x -> x.binding(component.user())).toList();
    }

    /** The sink's consumer group (see SinkService's callers: {@code <application.id>-sink}). */
    public static String sinkGroup(String applicationId) {
        return applicationId + SEPARATOR + "sink";
    }

    /** Consumer groups of the live page's feed and the demo console: one per process, under this prefix. */
    public static String liveGroupPrefix(String applicationId) {
        return applicationId + SEPARATOR + "live" + SEPARATOR;
    }

    private static void streams(Set<Grant> g, TopicNames topics, String applicationId) {
        topics(g, AclOperation.READ, inputs(topics));
        // Outputs are also read back: interactive-query tables, the live feed and the demo console.
        topics(g, AclOperation.READ, outputs(topics));
        topics(g, AclOperation.WRITE, outputs(topics));
        topics(g, AclOperation.READ, List.of(topics.deadLetters()));
        topics(g, AclOperation.WRITE, List.of(topics.deadLetters()));
        String internal = applicationId + SEPARATOR;
        g.add(new Grant(ResourceType.TOPIC, internal, PatternType.PREFIXED, AclOperation.ALL));
        g.add(new Grant(ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.ALL));
        g.add(new Grant(ResourceType.GROUP, liveGroupPrefix(applicationId), PatternType.PREFIXED, AclOperation.READ));
        g.add(new Grant(ResourceType.TRANSACTIONAL_ID, internal, PatternType.PREFIXED, AclOperation.ALL));
    }

    private static List<String> inputs(TopicNames t) {
        return List.of(t.signals(), t.links());
    }

    private static List<String> outputs(TopicNames t) {
        return List.of(t.timelines(), t.downtime(), t.summaries(), t.alerts(), t.rollups(), t.waves());
    }

    private static void topics(Set<Grant> g, AclOperation op, List<String> names) {
        names.forEach(n -> g.add(new Grant(ResourceType.TOPIC, n, PatternType.LITERAL, op)));
    }
}
