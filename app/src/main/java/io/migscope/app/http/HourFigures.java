package io.migscope.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * The fleet's last hour, computed over the summaries view: the migrations that ended in the hour up to
 * {@code as_of} (event time), counted by outcome, with exact percentiles (nearest rank, so each is a value some
 * migration had). The same summaries make the "ended recently" list, so the two always agree on the page. The
 * rollups view holds the same figures per window (DDSketches within 1 %), but it trails the summaries by a
 * repartition and an aggregation, and an hour of windows is not the hour before {@code as_of}.
 */
final class HourFigures {
    static final long HOUR_US = 3_600_000_000L;
    static final List<String> METRICS = List.of("observed_blackout_ms", "migration_time_ms", "reported_downtime_ms");
    /** A cancel is an abort the operator asked for, as the rollups count it. */
    private static final Set<String> ABORTED = Set.of("aborted", "cancelled");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HourFigures() {
    }

    static ObjectNode of(List<JsonNode> summaries, Long asOfUs) {
        List<JsonNode> hour = asOfUs == null ? List.of() : summaries.stream().filter(s -> {
            long end = s.path("completed_at_us").asLong(Long.MIN_VALUE);
            return end > asOfUs - HOUR_US && end <= asOfUs;
        }).toList();
        ObjectNode out = NODES.objectNode();
        out.put("source", "summaries");
        out.put("from_us", asOfUs == null ? null : asOfUs - HOUR_US);
        out.put("to_us", asOfUs);
        long completed = count(hour, Set.of("completed"));
        out.put("ended", hour.size());
        out.put("completed", completed);
        out.put("failed", count(hour, Set.of("failed")));
        out.put("aborted", count(hour, ABORTED));
        out.put("success_rate", hour.isEmpty() ? null : (double) completed / hour.size());
        for (String metric : METRICS) {
            out.set(metric, distribution(hour, metric));
        }
        return out;
    }

    private static long count(List<JsonNode> summaries, Set<String> outcomes) {
        return summaries.stream().filter(s -> outcomes.contains(s.path("outcome").asText())).count();
    }

    private static ObjectNode distribution(List<JsonNode> summaries, String metric) {
        double[] values = summaries.stream().map(s -> s.get(metric)).filter(v -> v != null && v.isNumber())
                .mapToDouble(JsonNode::asDouble).sorted().toArray();
        ObjectNode out = NODES.objectNode();
        out.put("count", values.length);
        out.put("p50", nearestRank(values, 0.50));
        out.put("p95", nearestRank(values, 0.95));
        return out;
    }

    /** The smallest value with at least {@code q} of the values at or below it; null without values. */
    static Double nearestRank(double[] sorted, double q) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
