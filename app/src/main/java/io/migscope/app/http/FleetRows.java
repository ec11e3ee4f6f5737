package io.migscope.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The rows of the fleet table, built from the timeline and alert views (records as JSON, snake_case fields). */
public final class FleetRows {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FleetRows() {
    }

    /** Firing alerts grouped by migration id. */
    public static Map<String, List<JsonNode>> firingByMigration(List<JsonNode> alerts) {
        return alerts.stream().filter(FleetRows::firing)
                .collect(Collectors.groupingBy(a -> a.path("migration_id").asText()));
    }

    public static boolean firing(JsonNode alert) {
        return "FIRING".equals(alert.path("state").asText());
    }

    /** One in-flight row per timeline not yet final, oldest first. */
    public static ArrayNode inFlight(List<JsonNode> timelines, Map<String, List<JsonNode>> firing) {
        ArrayNode rows = NODES.arrayNode();
        timelines.stream().filter(t -> !t.path("final").asBoolean())
                .sorted(Comparator.comparingLong(FleetRows::startUs))
                .forEach(t -> rows.add(row(t, firing.getOrDefault(t.path("migration_id").asText(), List.of()))));
        return rows;
    }

    static ObjectNode row(JsonNode timeline, List<JsonNode> alerts) {
        ObjectNode row = NODES.objectNode();
        for (String f : List.of("migration_id", "vm", "cluster", "platform", "source_host", "target_host", "mode", "updated_us")) {
            row.set(f, timeline.path(f).isMissingNode() ? NODES.nullNode() : timeline.get(f));
        }
        JsonNode phases = timeline.path("phases");
        JsonNode phase = phases.size() == 0 ? null : phases.get(phases.size() - 1);
        row.put("phase", phase == null ? null : phase.path("name").asText());
        row.set("phase_since_us", phase == null ? NODES.nullNode() : phase.get("start_us"));
        passFigures(row, timeline.path("passes"));
        ArrayNode kinds = row.putArray("alerts");
        alerts.forEach(a -> kinds.add(a.path("kind").asText()));
        deadline(row, alerts);
        return row;
    }

    /**
     * Progress is the share of the first pass's bytes no longer remaining: the first pass sends all of memory, so
     * its remaining bytes are the best total the timeline carries.
     */
    private static void passFigures(ObjectNode row, JsonNode passes) {
        JsonNode first = firstWith(passes, "remaining_bytes");
        JsonNode last = passes.size() == 0 ? null : passes.get(passes.size() - 1);
        row.put("pass", last == null ? 0 : last.path("pass").asInt());
        Long remaining = last == null ? null : number(last, "remaining_bytes");
        Long total = first == null ? null : number(first, "remaining_bytes");
        row.put("remaining_bytes", remaining);
        row.put("progress_percent", remaining == null || total == null || total <= 0 ? null
                : Math.max(0.0, Math.min(100.0, 100.0 * (1.0 - (double) remaining / total))));
        Long dirty = last == null ? null : number(last, "dirty_rate_bytes_per_sec");
        Long bandwidth = last == null ? null : number(last, "bandwidth_bytes_per_sec");
        row.put("dirty_rate_bytes_per_sec", dirty);
        row.put("bandwidth_bytes_per_sec", bandwidth);
        // Remaining bytes shrink at (bandwidth - dirty rate); at or below zero the migration never converges.
        boolean known = remaining != null && dirty != null && bandwidth != null;
        row.put("converging", known ? Boolean.valueOf(bandwidth > dirty) : null);
        if (known && bandwidth > dirty) {
            row.put("predicted_completion_us", number(last, "time_us") + (long) (remaining * 1e6 / (bandwidth - dirty)));
        } else {
            row.putNull("predicted_completion_us");
        }
    }

    /** The convergence model's own prediction and deadline, when an alert carries them, win over the estimate. */
    private static void deadline(ObjectNode row, List<JsonNode> alerts) {
        row.putNull("deadline_us");
        row.putNull("seconds_left_before_deadline");
        for (JsonNode a : alerts) {
            if (number(a, "deadline_us") != null) {
                row.set("deadline_us", a.get("deadline_us"));
                row.set("seconds_left_before_deadline", a.get("seconds_left_before_deadline"));
            }
            if (number(a, "predicted_completion_us") != null) {
                row.set("predicted_completion_us", a.get("predicted_completion_us"));
            }
        }
    }

    private static JsonNode firstWith(JsonNode passes, String field) {
        for (JsonNode p : passes) {
            if (number(p, field) != null) {
                return p;
            }
        }
        return null;
    }

    private static Long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.longValue();
    }

    private static long startUs(JsonNode timeline) {
        JsonNode phases = timeline.path("phases");
        return phases.size() == 0 ? Long.MAX_VALUE : phases.get(0).path("start_us").asLong();
    }
}
