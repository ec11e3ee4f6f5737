package io.migscope.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The current wave is the one updated last; what runs now is counted per cluster, against that cluster's limit. */
class WaveProgressTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theLatestWaveAgainstEachClusterLimitWithWhatRunsThereNow() throws Exception {
        JsonNode older = wave("w1", 100, 24, "[{\"scope\":\"cluster\",\"name\":\"a\",\"limit\":5,\"peak_in_flight\":5,"
                + "\"at_limit_ms\":1000,\"over_limit_ms\":0}]");
        JsonNode current = wave("w2", 200, 7, "[{\"scope\":\"cluster\",\"name\":\"a\",\"limit\":5,\"peak_in_flight\":4,"
                + "\"at_limit_ms\":0,\"over_limit_ms\":0},{\"scope\":\"node\",\"name\":\"node-01\",\"limit\":2,"
                + "\"peak_in_flight\":2,\"at_limit_ms\":0,\"over_limit_ms\":0},{\"scope\":\"cluster\",\"name\":\"b\","
                + "\"limit\":5,\"peak_in_flight\":6,\"at_limit_ms\":0,\"over_limit_ms\":300}]");
        JsonNode removed = ((ObjectNode) wave("w3", 300, 1, "[]")).put("removed", true);
        ArrayNode inFlight = JSON.createArrayNode();
        for (String[] row : new String[][] {{"a", "precopy"}, {"a", "scheduling"}, {"a", "queued"}, {"a", "requested"},
                {"b", "paused"}, {"c", "precopy"}}) {
            inFlight.addObject().put("cluster", row[0]).put("phase", row[1]);
        }

        ObjectNode w = WaveProgress.of(List.of(older, current, removed), inFlight);

        assertThat(w.get("wave_id").asText()).isEqualTo("w2");
        assertThat(w.get("ended").asInt()).isEqualTo(7);
        assertThat(w.get("clusters")).hasSize(2);
        JsonNode a = w.get("clusters").get(0);
        assertThat(a.get("cluster").asText()).isEqualTo("a");
        assertThat(a.get("limit").asInt()).isEqualTo(5);
        assertThat(a.get("in_flight").asInt()).as("scheduling holds a slot").isEqualTo(2);
        assertThat(a.get("queued").asInt()).isEqualTo(2);
        JsonNode b = w.get("clusters").get(1);
        assertThat(b.get("in_flight").asInt()).isEqualTo(1);
        assertThat(b.get("over_limit_ms").asLong()).isEqualTo(300);
        assertThat(w.get("in_flight").asInt()).as("cluster c is not the wave's").isEqualTo(3);
        assertThat(w.get("queued").asInt()).isEqualTo(2);
    }

    @Test
    void noWaveBeforeTheFirstMigrationEnds() {
        assertThat(WaveProgress.of(List.of(), JSON.createArrayNode())).isNull();
    }

    private static JsonNode wave(String id, long updatedUs, int vms, String concurrency) throws Exception {
        ObjectNode w = JSON.createObjectNode().put("wave_id", id).put("label", id).put("updated_us", updatedUs)
                .put("vms", vms).put("completed", vms - 1).put("failed", 0).put("aborted", 1).put("peak_in_flight", 5)
                .put("removed", false);
        w.set("concurrency", JSON.readTree(concurrency));
        return w;
    }
}
