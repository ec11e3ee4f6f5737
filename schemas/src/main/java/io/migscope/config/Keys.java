package io.migscope.config;

import static io.migscope.config.ConfigKey.Kind.ADDRESSES;
import static io.migscope.config.ConfigKey.Kind.BOOLEAN;
import static io.migscope.config.ConfigKey.Kind.DOUBLE;
import static io.migscope.config.ConfigKey.Kind.DURATION;
import static io.migscope.config.ConfigKey.Kind.INT;
import static io.migscope.config.ConfigKey.Kind.LONG;
import static io.migscope.config.ConfigKey.Kind.STRING;

import java.util.List;

/** Every configuration key migscope knows. Anything else, except {@code kafka.*} pass-through, fails start-up. */
public final class Keys {
    public static final String KAFKA_PREFIX = "kafka.";

    public static final ConfigKey WORK_DIR = ConfigKey.of("work.dir", ".migscope",
            STRING, "Where the embedded broker, registry and PostgreSQL keep their data");
    public static final ConfigKey EMBEDDED_KAFKA_PORT = ConfigKey.of("embedded.kafka.port", "0",
            INT, "Port of the embedded broker (0 picks a free one)");
    public static final ConfigKey EMBEDDED_REGISTRY_PORT = ConfigKey.of("embedded.registry.port", "0",
            INT, "Port of the embedded schema registry (0 picks a free one)");
    public static final ConfigKey EMBEDDED_SECURITY = ConfigKey.of("embedded.security", "none",
            STRING, "Embedded broker security: none, or sasl_ssl (TLS, SCRAM-SHA-512 users per component, ACLs; secrets under work.dir)");
    public static final ConfigKey REGISTRY_URL = ConfigKey.of("registry.url", "",
            STRING, "Schema Registry URL (Confluent REST API). Empty means the embedded registry");
    public static final ConfigKey REGISTRY_USER = ConfigKey.of("registry.basic.user", "",
            STRING, "Registry basic-auth user");
    public static final ConfigKey REGISTRY_PASSWORD = ConfigKey.secret("registry.basic.password",
            STRING, "Registry basic-auth password (use ${env:VAR} or ${file:PATH})");
    public static final ConfigKey REGISTRY_TOKEN = ConfigKey.secret("registry.bearer.token",
            STRING, "Registry bearer token (use ${env:VAR} or ${file:PATH})");
    public static final ConfigKey SERDE_CLASS = ConfigKey.of("serde.class", "io.migscope.serde.WireAvroSerde",
            STRING, "Value serde class; set io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde to use Confluent's own");
    public static final ConfigKey TOPICS_PREFIX = ConfigKey.of("topics.prefix", "migscope.",
            STRING, "Prefix for every migscope topic");
    public static final ConfigKey TOPICS_PARTITIONS = ConfigKey.of("topics.partitions", "6",
            INT, "Partitions for each topic that migscope creates");
    public static final ConfigKey TOPICS_REPLICATION = ConfigKey.of("topics.replication", "1",
            INT, "Replication factor for each topic that migscope creates");
    public static final ConfigKey JDBC_URL = ConfigKey.of("jdbc.url", "",
            STRING, "PostgreSQL JDBC URL. Empty means the embedded PostgreSQL");
    public static final ConfigKey JDBC_USER = ConfigKey.of("jdbc.user", "postgres", STRING, "PostgreSQL user");
    public static final ConfigKey JDBC_PASSWORD = ConfigKey.secret("jdbc.password",
            STRING, "PostgreSQL password (use ${env:VAR} or ${file:PATH})");
    public static final ConfigKey APPLICATION_ID = ConfigKey.of("streams.application.id", "migscope",
            STRING, "Kafka Streams application id");
    public static final ConfigKey STREAMS_THREADS = ConfigKey.of("streams.threads", "1",
            INT, "Kafka Streams threads");
    public static final ConfigKey GRACE = ConfigKey.of("streams.grace", "30s",
            DURATION, "How late an out-of-order record may arrive and still count");
    public static final ConfigKey BASELINE_WINDOW = ConfigKey.of("correlation.baseline", "30s",
            DURATION, "Window before a migration whose probes form the RTT baseline");
    public static final ConfigKey RECOVERY_WINDOW = ConfigKey.of("correlation.recovery", "30s",
            DURATION, "Window after a migration in which probes still belong to it");
    public static final ConfigKey DOWNTIME_SLO = ConfigKey.of("alerts.downtime.slo", "1s",
            DURATION, "Observed blackout above this fires DOWNTIME_SLO_BREACH");
    public static final ConfigKey STUCK_AFTER = ConfigKey.of("alerts.stuck.after", "60s",
            DURATION, "No progress or no events for this long fires STUCK");
    public static final ConfigKey TIME_ALERT_LAG = ConfigKey.of("alerts.time.lag", "5s", DURATION,
            "STUCK and DEADLINE_PASSED judge a migration this far behind the task's event time, so a collector this"
                    + " much behind the others cannot make them fire for a migration that had already ended");
    public static final ConfigKey PROGRESS_TIMEOUT = ConfigKey.of("deadline.progress.timeout", "150s",
            DURATION, "Platform abort after no progress (KubeVirt progressTimeout default 150 s)");
    public static final ConfigKey COMPLETION_PER_GIB = ConfigKey.of("deadline.completion.per.gib", "150s",
            DURATION, "Platform completion deadline per GiB (KubeVirt 150 s; Nova uses 800 s)");
    public static final ConfigKey CLUSTER_COMPLETION_PER_GIB = ConfigKey.of("cluster.*.deadline.completion.per.gib", null,
            DURATION, "Per-cluster override of deadline.completion.per.gib");
    public static final ConfigKey CLUSTER_PROGRESS_TIMEOUT = ConfigKey.of("cluster.*.deadline.progress.timeout", null,
            DURATION, "Per-cluster override of deadline.progress.timeout");
    public static final ConfigKey HOST_ADDRESSES = ConfigKey.of("hosts.*.addresses", null, ADDRESSES,
            "A host's IP addresses, comma-separated (management, migration network, IPv4 and IPv6): iftop's link samples are attributed through them; addresses the evidence shows (QMP URIs, KubeVirt targetNodeAddress) need none. The name may hold dots; a bad address or one claimed by two hosts fails at start, naming the key");
    public static final ConfigKey ALERT_LEAD = ConfigKey.of("alerts.nonconverging.min.passes", "3",
            INT, "Passes needed before the convergence model may fire NON_CONVERGING");
    public static final ConfigKey EWMA_ALPHA = ConfigKey.of("convergence.ewma.alpha", "0.3",
            DOUBLE, "Weight of the newest bandwidth sample in the EWMA");
    public static final ConfigKey ROLLUP_WINDOWS = ConfigKey.of("rollups.windows", "1m,1h",
            STRING, "Tumbling rollup window sizes, comma-separated");
    public static final ConfigKey LIMIT_PER_CLUSTER = ConfigKey.of("limits.parallel.per.cluster", "5",
            INT, "Migrations in flight per cluster (KubeVirt parallelMigrationsPerCluster 5; seed 000 raised it to 25)");
    public static final ConfigKey LIMIT_PER_NODE = ConfigKey.of("limits.parallel.outbound.per.node", "2",
            INT, "Outbound migrations in flight per source node (KubeVirt 2; MTV MAX_VM_INFLIGHT 20 is per host)");
    public static final ConfigKey WAVE_BATCH_GAP = ConfigKey.of("waves.batch.gap", "5m",
            DURATION, "Unlabelled requests of one cluster this close to each other form one wave");
    public static final ConfigKey WAVE_BATCH_LATENESS = ConfigKey.of("waves.batch.lateness", "6h",
            DURATION, "How long after its last request a batch still takes ended migrations (its longest queue plus run)");
    public static final ConfigKey CAPACITY_HELD_AFTER = ConfigKey.of("waves.capacity.held.after", "60s",
            DURATION, "A VM with all disks done but one for this long is flagged as holding capacity (seed 004)");
    public static final ConfigKey SPOOL_MAX_BYTES = ConfigKey.of("collector.spool.max.bytes", "268435456",
            LONG, "Bound of a collector's local spool while the broker is unreachable");
    public static final ConfigKey SINK_BATCH = ConfigKey.of("sink.batch.size", "2000", INT, "Rows per sink transaction");
    public static final ConfigKey HTTP_BIND = ConfigKey.of("http.bind", "127.0.0.1",
            STRING, "Address the HTTP API, web page and /metrics listen on (localhost only by default)");
    public static final ConfigKey HTTP_PORT = ConfigKey.of("http.port", "8080",
            INT, "Port of the HTTP API, web page and /metrics (0 picks a free one)");
    public static final ConfigKey HTTP_ADVERTISED_HOST = ConfigKey.of("http.advertised.host", "",
            STRING, "Host name other instances reach this one's HTTP API at (Kafka Streams application.server); empty: http.bind, or the host name when http.bind is a wildcard");
    public static final ConfigKey API_TOKEN = ConfigKey.secret("api.token",
            STRING, "Bearer token the HTTP API and /metrics require; unset means open (use ${env:VAR} or ${file:PATH})");
    public static final ConfigKey VSPHERE_URL = ConfigKey.of("vsphere.url", "",
            STRING, "vCenter SDK URL for collect vsphere (govc's GOVC_URL), e.g. https://vcenter.example/sdk");
    public static final ConfigKey VSPHERE_USERNAME = ConfigKey.of("vsphere.username", "",
            STRING, "vCenter user for collect vsphere (GOVC_USERNAME)");
    public static final ConfigKey VSPHERE_PASSWORD = ConfigKey.secret("vsphere.password",
            STRING, "vCenter password for collect vsphere (GOVC_PASSWORD; use ${env:VAR} or ${file:PATH})");
    public static final ConfigKey VSPHERE_INSECURE = ConfigKey.of("vsphere.insecure", "false",
            BOOLEAN, "Skip vCenter TLS certificate verification (GOVC_INSECURE); for test labs only");
    public static final ConfigKey VSPHERE_GOVC = ConfigKey.of("vsphere.govc", "govc",
            STRING, "The govc program collect vsphere runs");
    public static final ConfigKey REGISTRY_TIMEOUT = ConfigKey.of("registry.timeout", "10s",
            DURATION, "Registry request timeout, retried with backoff");

    public static final List<ConfigKey> ALL = List.of(WORK_DIR, EMBEDDED_KAFKA_PORT, EMBEDDED_REGISTRY_PORT, EMBEDDED_SECURITY, REGISTRY_URL,
            REGISTRY_USER, REGISTRY_PASSWORD, REGISTRY_TOKEN, REGISTRY_TIMEOUT, SERDE_CLASS, TOPICS_PREFIX, TOPICS_PARTITIONS,
            TOPICS_REPLICATION, JDBC_URL, JDBC_USER, JDBC_PASSWORD, APPLICATION_ID, STREAMS_THREADS, GRACE,
            BASELINE_WINDOW, RECOVERY_WINDOW, DOWNTIME_SLO, STUCK_AFTER, TIME_ALERT_LAG, PROGRESS_TIMEOUT,
            COMPLETION_PER_GIB, CLUSTER_COMPLETION_PER_GIB, CLUSTER_PROGRESS_TIMEOUT, HOST_ADDRESSES, ALERT_LEAD, EWMA_ALPHA,
            ROLLUP_WINDOWS, LIMIT_PER_CLUSTER, LIMIT_PER_NODE, WAVE_BATCH_GAP, WAVE_BATCH_LATENESS,
            CAPACITY_HELD_AFTER, SPOOL_MAX_BYTES, SINK_BATCH,
            HTTP_BIND, HTTP_PORT, HTTP_ADVERTISED_HOST, API_TOKEN, VSPHERE_URL, VSPHERE_USERNAME, VSPHERE_PASSWORD,
            VSPHERE_INSECURE, VSPHERE_GOVC);

    private Keys() {
    }
}
