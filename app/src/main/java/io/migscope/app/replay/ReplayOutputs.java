package io.migscope.app.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.avro.Alert;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.json.RecordJson;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a replay concluded, latest record per key, and its files: {@code summaries.jsonl} (one line per migration,
 * sorted by id, stable field order, ISO times next to the microsecond ones), {@code timelines.jsonl} (each
 * migration's last timeline) and {@code alerts.jsonl} (each alert's last state). Nothing in them depends on the
 * wall clock, so the same run always gives the same bytes.
 */
public final class ReplayOutputs {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The fields the issue promises first, in this order; the rest of the summary follows in schema order. */
    private static final List<String> LEADING = List.of("migration_id", "vm", "source_host", "target_host", "outcome",
            "requested_at", "completed_at", "migration_time_ms", "observed_blackout_ms", "observed_blackout_total_ms",
            "blackout_count", "reported_downtime_ms", "passes", "hypervisor_bytes", "wire_bytes", "brownout_ms",
            "alerts");

    private final Map<String, MigrationSummary> summaries = new TreeMap<>();
    private final Map<String, MigrationTimeline> timelines = new TreeMap<>();
    private final Map<String, Alert> alerts = new TreeMap<>();

    public synchronized void add(SpecificRecord r) {
        if (r instanceof MigrationSummary s) {
            summaries.put(s.getMigrationId(), s);
        } else if (r instanceof MigrationTimeline t) {
            timelines.put(t.getMigrationId(), t);
        } else if (r instanceof Alert a) {
            alerts.put(a.getAlertId(), a);
        }
    }

    public synchronized List<MigrationSummary> summaries() {
        return new ArrayList<>(summaries.values());
    }

    /** Migrations the outputs name (every one has a timeline) whose summary has not been read yet. */
    public synchronized List<String> withoutSummary() {
        return timelines.keySet().stream().filter(id -> !summaries.containsKey(id)).toList();
    }

    public synchronized int size() {
        return summaries.size() + timelines.size() + alerts.size();
    }

    public synchronized void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>();
        summaries.values().forEach(s -> lines.add(summaryLine(s)));
        writeLines(dir.resolve("summaries.jsonl"), lines);
        writeLines(dir.resolve("timelines.jsonl"), jsonLines(timelines.values()));
        writeLines(dir.resolve("alerts.jsonl"), jsonLines(alerts.values()));
    }

    /** One summary as a JSON line: the promised fields first, alert kinds sorted, times also as ISO instants. */
    public static String summaryLine(MigrationSummary s) {
        ObjectNode all = RecordJson.toJson(s);
        ObjectNode out = MAPPER.createObjectNode();
        all.set("requested_at", iso(s.getRequestedAtUs()));
        all.set("completed_at", iso(s.getCompletedAtUs()));
        all.set("alerts", sorted((ArrayNode) all.get("alerts")));
        for (String f : LEADING) {
            out.set(f, all.get(f));
        }
        all.fields().forEachRemaining(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out.toString();
    }

    private static JsonNode iso(Long us) {
        if (us == null) {
            return MAPPER.nullNode();
        }
        Instant t = Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1_000L);
        return MAPPER.getNodeFactory().textNode(t.toString());
    }

    private static ArrayNode sorted(ArrayNode kinds) {
        List<String> list = new ArrayList<>();
        kinds.forEach(k -> list.add(k.asText()));
        list.sort(null);
        ArrayNode out = MAPPER.createArrayNode();
        list.forEach(out::add);
        return out;
    }

    private static List<String> jsonLines(Collection<? extends org.apache.avro.generic.IndexedRecord> records) {
        List<String> out = new ArrayList<>();
        records.forEach(r -> out.add(RecordJson.toJsonLine(r)));
        return out;
    }

    private static void writeLines(Path file, List<String> lines) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
    }
}
