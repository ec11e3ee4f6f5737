package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.LinkSample;
import io.migscope.avro.state.DiskStraggler;
import io.migscope.avro.state.LinkInterval;
import io.migscope.avro.state.ProbeSecond;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.serde.RegistryClient;
import io.migscope.serde.RegistrySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart series and the capacity-held check keep typed Avro state, registered like the topic schemas under
 * their changelog subjects, so the registry refuses a state schema that could not read what an older one wrote.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class StateSubjectsTest {
    private static final String APP = "topology-test";

    @Test
    void seriesAndStragglerStateIsRegisteredAndCheckedForBackwardCompatibility(KafkaStack stack, @TempDir Path state) {
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of())) {
            f.signal("vm-1", VmSignals.started("vm-1", "m-1", VmSignals.T), VmSignals.T);
            f.signal("vm-1", VmSignals.second("vm-1", VmSignals.T, Set.of()), VmSignals.T + VmSignals.S);
            f.link(LinkSample.newBuilder().setHost("node-1").setSourceHost("node-1").setTargetHost("node-2")
                    .setIntervalStartUs(VmSignals.T).setIntervalEndUs(VmSignals.T + 2 * VmSignals.S)
                    .setBytesSent(1_000L).setBytesReceived(10L).build());
        }
        RegistryClient registry = new RegistryClient(RegistrySettings.of(stack.registryUrl()));
        Map<String, Schema> subjects = Map.of(
                changelog("series-probes"), ProbeSecond.getClassSchema(),
                changelog("series-links"), LinkInterval.getClassSchema(),
                changelog("wave-disk-stragglers-store"), DiskStraggler.getClassSchema());

        subjects.forEach((subject, schema) -> {
            assertThat(registry.latest(subject).schema()).as(subject).isEqualTo(schema);
            assertThat(registry.isCompatible(subject, withField(schema, false)))
                    .as("%s refuses a new field without a default", subject).isFalse();
            assertThat(registry.isCompatible(subject, withField(schema, true)))
                    .as("%s takes a new field with a default", subject).isTrue();
        });
    }

    private static String changelog(String store) {
        return RegistryClient.subject(APP + "-" + store + "-changelog", false);
    }

    /** {@code schema} with one more long field, with or without a default. */
    private static Schema withField(Schema schema, boolean withDefault) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        Schema longType = Schema.create(Schema.Type.LONG);
        fields.add(withDefault ? new Schema.Field("added_later", longType, null, 0L)
                : new Schema.Field("added_later", longType, null));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
