package io.migscope.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.serde.RegistryClient;
import io.migscope.serde.RegistrySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Ids live in the _schemas topic: they survive a new registry instance, and two instances agree on them. */
@ExtendWith(MigscopeKafkaExtension.class)
class RegistryDurabilityTest {

    private static Schema schema(int n) {
        return SchemaBuilder.record("R" + n).namespace("dur").fields().requiredLong("f" + n).endRecord();
    }

    @Test
    void idsSurviveARegistryRestart(KafkaStack stack) {
        String topic = "_schemas_restart_" + UUID.randomUUID();
        int a;
        int b;
        try (RegistryServer first = new RegistryServer(topic, null, null)) {
            RegistryClient client = new RegistryClient(RegistrySettings.of(first.start(stack.bootstrapServers(), 0)));
            a = client.register("one-value", schema(1));
            b = client.register("two-value", schema(2));
        }
        try (RegistryServer second = new RegistryServer(topic, null, null)) {
            RegistryClient client = new RegistryClient(RegistrySettings.of(second.start(stack.bootstrapServers(), 0)));
            assertThat(client.schemaById(a)).isEqualTo(schema(1));
            assertThat(client.latest("two-value").id()).isEqualTo(b);
            assertThat(client.register("one-value", schema(1))).isEqualTo(a);
            assertThat(client.register("three-value", schema(3))).isEqualTo(Math.max(a, b) + 1);
        }
    }

    @Test
    void twoInstancesRacingAgreeOnEveryId(KafkaStack stack) throws Exception {
        String topic = "_schemas_race_" + UUID.randomUUID();
        try (RegistryServer x = new RegistryServer(topic, null, null);
             RegistryServer y = new RegistryServer(topic, null, null)) {
            RegistryClient cx = new RegistryClient(RegistrySettings.of(x.start(stack.bootstrapServers(), 0)));
            RegistryClient cy = new RegistryClient(RegistrySettings.of(y.start(stack.bootstrapServers(), 0)));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> viaX = new ArrayList<>();
            List<Future<Integer>> viaY = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                // Both instances register the same 8 schemas at once, each under its own subject too.
                viaX.add(pool.submit(() -> cx.register("race-" + n + "-value", schema(n))));
                viaY.add(pool.submit(() -> cy.register("race-" + n + "-value", schema(n))));
            }
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int idX = viaX.get(i).get();
                assertThat(viaY.get(i).get()).isEqualTo(idX);
                ids.add(idX);
            }
            pool.shutdown();
            assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id >= 1 && id <= 8);
            RegistryClient fx = new RegistryClient(RegistrySettings.of(x.url()));
            RegistryClient fy = new RegistryClient(RegistrySettings.of(y.url()));
            for (int i = 0; i < 8; i++) {
                assertThat(fy.schemaById(ids.get(i))).isEqualTo(schema(i));
                assertThat(fx.schemaById(ids.get(i))).isEqualTo(schema(i));
                assertThat(fx.latest("race-" + i + "-value").version()).isEqualTo(1);
            }
        }
    }
}
