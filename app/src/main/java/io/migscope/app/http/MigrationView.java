package io.migscope.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.streams.query.QueryViews;
import io.migscope.hosts.HostInventory;
import io.migscope.streams.series.SeriesStores;

/**
 * Everything the per-migration page draws, as one JSON object: the timeline, downtime report and summary views,
 * the passes (convergence series), the migration's alerts, and the chart series around it: the VM's probes per
 * second ({@code rtt}), the host pair's bytes per iftop interval ({@code wire}, with the pairs found and their
 * ends named in {@code wire_pairs}; see {@link WireFlows}) and what the VM's guest felt per second ({@code guest},
 * ms per GiB written; empty without a guest report), from 30 s before the migration to 30 s after it.
 * {@code as_of_us} is the latest event time known for the migration: an open phase ends there
 * (event time, not the viewer's clock, which a replay or a sped-up simulation runs apart from).
 */
final class MigrationView {
    /** Series context shown before and after the migration, like the RTT baseline and recovery windows. */
    static final long CONTEXT_US = 30_000_000L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MigrationView() {
    }

    /** @throws ApiException 404 when no view knows the migration */
    static ObjectNode of(ViewQueries views, String id, HostInventory hosts) {
        JsonNode timeline = views.get(QueryViews.TIMELINES, id);
        JsonNode downtime = views.get(QueryViews.DOWNTIME, id);
        JsonNode summary = views.get(QueryViews.SUMMARIES, id);
        if (timeline == null && downtime == null && summary == null) {
            throw new ApiException(404, "no migration " + id);
        }
        ObjectNode out = NODES.objectNode();
        out.put("migration_id", id);
        out.set("timeline", nullable(timeline));
        out.set("downtime", nullable(downtime));
        out.set("summary", nullable(summary));
        // The convergence series: remaining bytes, dirty rate and bandwidth at each pass.
        out.set("convergence", timeline == null ? NODES.arrayNode() : timeline.path("passes"));
        ArrayNode alerts = out.putArray("alerts");
        views.all(QueryViews.ALERTS).stream().filter(a -> id.equals(a.path("migration_id").asText()))
                .forEach(alerts::add);
        series(views, out, timeline != null ? timeline : summary, timeline, summary, hosts);
        return out;
    }

    private static void series(ViewQueries views, ObjectNode out, JsonNode base, JsonNode timeline, JsonNode summary,
                               HostInventory hosts) {
        Long start = startUs(base, timeline);
        Long end = endUs(base, timeline);
        ArrayNode rtt = out.putArray("rtt");
        ArrayNode wire = out.putArray("wire");
        ArrayNode pairs = out.putArray("wire_pairs");
        ArrayNode guest = out.putArray("guest");
        long asOf = timeline == null ? 0 : timeline.path("updated_us").asLong(0);
        if (start != null && base != null) {
            long fromMs = (start - CONTEXT_US) / 1000;
            long toMs = end == null ? Long.MAX_VALUE : (end + CONTEXT_US) / 1000;
            try {
                views.series(SeriesStores.PROBES, base.path("vm").asText(), fromMs, toMs).forEach(rtt::add);
                views.series(SeriesStores.GUEST, base.path("vm").asText(), fromMs, toMs).forEach(guest::add);
                WireFlows.add(views, base, summary, hosts, fromMs, toMs, wire, pairs);
            } catch (ApiException e) {
                // The views answered: show them, and say why the charts around them are missing.
                out.put("series_note", e.getMessage());
            }
            asOf = Math.max(asOf, lastUs(rtt, "time_us", 1_000_000L));
            asOf = Math.max(asOf, lastUs(wire, "interval_end_us", 0));
        }
        out.put("as_of_us", end != null ? end : asOf > 0 ? Long.valueOf(asOf) : null);
    }

    private static Long startUs(JsonNode base, JsonNode timeline) {
        if (timeline != null && timeline.path("phases").size() > 0) {
            return timeline.path("phases").get(0).path("start_us").asLong();
        }
        return base == null ? null : number(base, "requested_at_us");
    }

    /** The end of an ended migration (its last phase, or the summary's completion); null while it runs. */
    private static Long endUs(JsonNode base, JsonNode timeline) {
        if (timeline != null) {
            JsonNode phases = timeline.path("phases");
            return timeline.path("final").asBoolean() && phases.size() > 0
                    ? Long.valueOf(phases.get(phases.size() - 1).path("start_us").asLong()) : null;
        }
        return base == null ? null : number(base, "completed_at_us");
    }

    private static long lastUs(ArrayNode points, String field, long plus) {
        return points.size() == 0 ? 0 : points.get(points.size() - 1).path(field).asLong() + plus;
    }

    private static Long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.longValue();
    }

    private static JsonNode nullable(JsonNode node) {
        return node == null ? NODES.nullNode() : node;
    }
}
