package io.migscope.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.migscope.avro.AlertKind;
import io.migscope.streams.query.QueryViews;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Prometheus metrics. In-flight migrations and firing alerts are counted at scrape time from this instance's
 * partitions of the views, so summing over instances gives the fleet. The blackout histogram and dead-letter counts
 * follow the live feed, which every instance reads whole: with several instances, aggregate those with max, not sum.
 */
public final class FleetMetrics {
    /** Phases a timeline can be in (schema doc of Phase.name); unknown names are counted as "other". */
    static final List<String> PHASES = List.of("requested", "queued", "scheduling", "precopy", "postcopy", "paused",
            "switchover", "resumed");
    private static final int MAX_REASONS = 50;
    private static final long SNAPSHOT_MS = 1_000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<ViewQueries> views;
    private final DistributionSummary blackout;
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), 0);
    private KafkaStreamsMetrics streamsMetrics;

    private record Snapshot(Map<String, Integer> phases, Map<String, Integer> alertKinds, long atMs) {
    }

    public FleetMetrics(Supplier<ViewQueries> views) {
        this.views = views;
        for (String phase : withOther(PHASES)) {
            Gauge.builder("migscope.migrations.in.flight", () -> current().phases().getOrDefault(phase, 0))
                    .description("Migrations in flight by current phase").tag("phase", phase).register(registry);
        }
        for (AlertKind kind : AlertKind.values()) {
            Gauge.builder("migscope.alerts.firing", () -> current().alertKinds().getOrDefault(kind.name(), 0))
                    .description("Alerts firing by kind").tag("kind", kind.name()).register(registry);
        }
        // Observed blackouts of ended migrations, in seconds; buckets around the usual 300 ms .. 2 s SLOs.
        blackout = DistributionSummary.builder("migscope.observed.blackout").baseUnit("seconds")
                .description("Observed blackout of ended migrations (ping)")
                .serviceLevelObjectives(0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30).register(registry);
    }

    /** Binds the Kafka Streams and client metrics of the running application. */
    public synchronized void bind(KafkaStreams streams) {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
    }

    /** An ended migration: its observed blackout, in milliseconds, joins the histogram. */
    public void onSummary(JsonNode summary) {
        JsonNode ms = summary.get("observed_blackout_ms");
        if (ms != null && ms.isNumber()) {
            blackout.record(ms.doubleValue() / 1000.0);
        }
    }

    /** A dead letter, counted by stage and a bounded reason class (the reason up to its first detail). */
    public void onDeadLetter(JsonNode letter) {
        String stage = letter.path("stage").asText("unknown");
        String reason = reasonClass(letter.path("reason").asText(""));
        String key = stage + "\u0000" + reason;
        if (!deadLetters.containsKey(key) && deadLetters.size() >= MAX_REASONS) {
            reason = "other";
            key = stage + "\u0000" + reason;
        }
        String r = reason;
        deadLetters.computeIfAbsent(key, k -> Counter.builder("migscope.dead.letters")
                .description("Records sent to the dead-letter topic (parse rejections are stage=parse)")
                .tag("stage", stage).tag("reason", r).register(registry)).increment();
    }

    /** Free text would make a label per record: keep the words before the first ':' or digit, at most 60 chars. */
    static String reasonClass(String reason) {
        String head = reason.split("[:0-9]", 2)[0].trim();
        if (head.isEmpty()) {
            return "unspecified";
        }
        return head.length() > 60 ? head.substring(0, 60) : head;
    }

    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (System.currentTimeMillis() - s.atMs() < SNAPSHOT_MS) {
            return s;
        }
        ViewQueries v = views.get();
        if (v == null) {
            return s;
        }
        try {
            snapshot = new Snapshot(phases(v.localAll(QueryViews.TIMELINES)), kinds(v.localAll(QueryViews.ALERTS)),
                    System.currentTimeMillis());
        } catch (ApiException e) {
            // Views unavailable while rebalancing: keep the last figures rather than report zero.
            return s;
        }
        return snapshot;
    }

    private static Map<String, Integer> phases(List<JsonNode> timelines) {
        Map<String, Integer> out = new HashMap<>();
        for (JsonNode t : timelines) {
            JsonNode phases = t.path("phases");
            if (t.path("final").asBoolean() || phases.size() == 0) {
                continue;
            }
            String name = phases.get(phases.size() - 1).path("name").asText();
            out.merge(PHASES.contains(name) ? name : "other", 1, Integer::sum);
        }
        return out;
    }

    private static Map<String, Integer> kinds(List<JsonNode> alerts) {
        Map<String, Integer> out = new HashMap<>();
        alerts.stream().filter(FleetRows::firing).forEach(a -> out.merge(a.path("kind").asText(), 1, Integer::sum));
        return out;
    }

    private static List<String> withOther(List<String> phases) {
        List<String> all = new java.util.ArrayList<>(phases);
        all.add("other");
        return all;
    }

    public synchronized void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        registry.close();
    }
}
