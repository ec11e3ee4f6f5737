package io.migscope.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.streams.query.QueryViews;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the fleet page shows next to the in-flight table, all in event time: {@code as_of_us} (the latest event time
 * the views know: a replay or a sped-up simulation runs apart from the viewer's clock), the migrations that ended
 * most recently ({@code recent}, whole summaries, newest first), the hour up to {@code as_of_us} ({@code last_hour},
 * over the same summaries: {@link HourFigures}) and the current wave against its limits ({@code wave}:
 * {@link WaveProgress}).
 */
final class FleetOverview {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FleetOverview() {
    }

    static ObjectNode of(ViewQueries views, int recent) {
        List<JsonNode> timelines = views.all(QueryViews.TIMELINES);
        List<JsonNode> summaries = views.all(QueryViews.SUMMARIES);
        Long asOf = asOf(timelines, summaries);
        ObjectNode out = NODES.objectNode();
        out.put("as_of_us", asOf);
        out.set("recent", newestEnded(summaries, recent));
        out.set("last_hour", HourFigures.of(summaries, asOf));
        ArrayNode inFlight = FleetRows.inFlight(timelines, Map.of());
        JsonNode wave = WaveProgress.of(views.all(QueryViews.WAVES), inFlight);
        out.set("wave", wave == null ? NODES.nullNode() : wave);
        return out;
    }

    /** The summaries of the {@code limit} migrations that ended last (by event time), newest first. */
    static ArrayNode newestEnded(List<JsonNode> summaries, int limit) {
        ArrayNode out = NODES.arrayNode();
        summaries.stream()
                .sorted(Comparator.comparingLong((JsonNode s) -> s.path("completed_at_us").asLong(0)).reversed())
                .limit(limit)
                .forEach(out::add);
        return out;
    }

    /** The latest event time of any timeline update or migration end; null before the first. */
    private static Long asOf(List<JsonNode> timelines, List<JsonNode> summaries) {
        long latest = Long.MIN_VALUE;
        for (JsonNode t : timelines) {
            latest = Math.max(latest, t.path("updated_us").asLong(Long.MIN_VALUE));
        }
        for (JsonNode s : summaries) {
            latest = Math.max(latest, s.path("completed_at_us").asLong(Long.MIN_VALUE));
        }
        return latest == Long.MIN_VALUE ? null : latest;
    }
}
