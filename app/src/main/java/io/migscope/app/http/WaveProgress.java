package io.migscope.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The current wave (the one updated last, in event time) against its limits. The wave view knows the migrations that
 * ended ({@code ended}, {@code completed}, ...) and, per cluster, the configured limit and the peak so far; what runs
 * now comes from the in-flight timelines of that cluster: {@code in_flight} holds a slot (scheduling or later),
 * {@code queued} waits for one. A limit is the cluster's, so everything in flight there counts against it, whichever
 * wave it belongs to.
 */
final class WaveProgress {
    /** Phases before a migration holds a slot: KubeVirt counts a migration against the limit from scheduling on. */
    static final Set<String> WAITING = Set.of("requested", "queued");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> COPIED = List.of("wave_id", "label", "cluster", "first_requested_us",
            "first_started_us", "last_ended_us", "updated_us", "completed", "failed", "aborted", "peak_in_flight",
            "seconds_per_vm", "duration_ms");

    private WaveProgress() {
    }

    /** @return null when no wave has ended a migration yet (a wave appears with its first ended migration) */
    static ObjectNode of(List<JsonNode> waves, ArrayNode inFlightRows) {
        JsonNode wave = waves.stream().filter(w -> !w.path("removed").asBoolean())
                .max(Comparator.comparingLong(w -> w.path("updated_us").asLong())).orElse(null);
        if (wave == null) {
            return null;
        }
        ObjectNode out = NODES.objectNode();
        for (String f : COPIED) {
            out.set(f, wave.path(f).isMissingNode() ? NODES.nullNode() : wave.get(f));
        }
        out.put("ended", wave.path("vms").asInt());
        ArrayNode clusters = out.putArray("clusters");
        int inFlight = 0;
        int queued = 0;
        for (JsonNode c : wave.path("concurrency")) {
            if (!"cluster".equals(c.path("scope").asText())) {
                continue;
            }
            String name = c.path("name").asText();
            int running = count(inFlightRows, name, false);
            int waiting = count(inFlightRows, name, true);
            inFlight += running;
            queued += waiting;
            ObjectNode row = clusters.addObject();
            row.put("cluster", name);
            row.set("limit", c.get("limit"));
            row.put("in_flight", running);
            row.put("queued", waiting);
            row.set("peak_in_flight", c.get("peak_in_flight"));
            row.set("at_limit_ms", c.get("at_limit_ms"));
            row.set("over_limit_ms", c.get("over_limit_ms"));
        }
        out.put("in_flight", inFlight);
        out.put("queued", queued);
        return out;
    }

    private static int count(ArrayNode rows, String cluster, boolean waiting) {
        int n = 0;
        for (JsonNode r : rows) {
            if (cluster.equals(r.path("cluster").asText()) && WAITING.contains(r.path("phase").asText()) == waiting) {
                n++;
            }
        }
        return n;
    }
}
