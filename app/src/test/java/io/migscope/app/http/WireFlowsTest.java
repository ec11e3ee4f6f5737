package io.migscope.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migscope.config.MigscopeConfig;
import io.migscope.hosts.HostInventory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the wire chart names the ends of a migration's flows. */
class WireFlowsTest {
    private static final HostInventory INVENTORY = HostInventory.from(MigscopeConfig.builder().build()
            .with(Map.of("hosts.node-a.addresses", "10.0.3.11")));

    @Test
    void anEndIsNamedByTheInventoryThenByTheEvidenceElseItIsAnUnknownHost() throws Exception {
        JsonNode summary = new ObjectMapper().readTree("{\"addresses\": ["
                + "{\"role\": \"target\", \"host\": \"node-b\", \"address\": \"10.0.3.12\", \"port\": 49152,"
                + " \"source\": \"qmp query-migrate socket-address\"},"
                + "{\"role\": \"source\", \"host\": null, \"address\": \"10.0.3.99\", \"port\": null,"
                + " \"source\": \"iftop on node-b\"}]}");
        assertThat(WireFlows.hostOf("10.0.3.11", summary, INVENTORY)).isEqualTo("node-a");
        assertThat(WireFlows.hostOf("10.0.3.12", summary, INVENTORY)).isEqualTo("node-b");
        assertThat(WireFlows.hostOf("10.0.3.99", summary, INVENTORY)).isEqualTo(WireFlows.UNKNOWN_HOST);
        assertThat(WireFlows.hostOf("10.0.3.13", null, INVENTORY)).isEqualTo(WireFlows.UNKNOWN_HOST);
        assertThat(WireFlows.hostOf("node-c", summary, INVENTORY)).as("a name is its own host").isEqualTo("node-c");
    }
}
