package io.migscope.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.registry.RegistryServer;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our serializer's bytes against a vector derived by hand from the published formats: Confluent's header
 * (magic 0x00, big-endian int id) and the Avro binary encoding (zig-zag varints, length-prefixed UTF-8 strings,
 * union branch index, enum symbol index).
 */
@ExtendWith(MigscopeKafkaExtension.class)
class WireAvroBytesTest {

    private static PingSample sample() {
        return PingSample.newBuilder().setVm("vm1").setTarget("10.0.0.5").setSeq(42).setSeqRaw(42)
                .setSentTimeUs(1).setObservedTimeUs(-1).setRttUs(345L).setTtl(64).setStatus(PingStatus.REPLY).build();
    }

    /** PingSample field by field, in schema order. */
    private static final String AVRO_HEX = String.join("",
            "06", "766d31",                 // vm: length 3 -> zig-zag 6, "vm1"
            "10", "31302e302e302e35",       // target: length 8 -> 0x10, "10.0.0.5"
            "00", "00", "00",               // cluster, host, migration_id: union branch 0 (null)
            "54",                           // seq 42 -> zig-zag 84
            "54",                           // seq_raw 42
            "02",                           // sent_time_us 1 -> 2
            "01",                           // observed_time_us -1 -> 1
            "02", "b205",                   // rtt_us: branch 1, 345 -> 690 = 0x2b2 -> varint b2 05
            "02", "8001",                   // ttl: branch 1, 64 -> 128 -> varint 80 01
            "02",                           // status: REPLY is symbol 1 -> 2
            "00", "00");                    // interval_us, error: null

    @Test
    void firstSchemaOfAFreshRegistryIsId1AndBytesMatchTheHandDerivedVector(KafkaStack stack) {
        try (RegistryServer fresh = new RegistryServer("_schemas_vec_" + UUID.randomUUID(), null, null)) {
            String url = fresh.start(stack.bootstrapServers(), 0);
            WireAvroSerde<PingSample> serde = new WireAvroSerde<>(new RegistryClient(RegistrySettings.of(url)), PingSample.class, false);

            byte[] bytes = serde.serializer().serialize("pings", sample());

            assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00" + "00000001" + AVRO_HEX);
            assertThat(serde.deserializer().deserialize("pings", bytes)).isEqualTo(sample());
        }
    }

    @Test
    void headerCarriesTheRegisteredIdBigEndian(KafkaStack stack) {
        RegistryClient client = new RegistryClient(RegistrySettings.of(stack.registryUrl()));
        WireAvroSerde<PingSample> serde = new WireAvroSerde<>(client, PingSample.class, false);
        String topic = "bytes-" + UUID.randomUUID();

        byte[] bytes = serde.serializer().serialize(topic, sample());

        int id = client.latest(topic + "-value").id();
        assertThat(bytes[0]).isZero();
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
        assertThat(HexFormat.of().formatHex(bytes, 5, bytes.length)).isEqualTo(AVRO_HEX);
    }
}
