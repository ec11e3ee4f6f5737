package io.migscope.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migscope.avro.Alert;
import io.migscope.avro.DeadLetter;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.avro.Rollup;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every topic record type through the real registry, and the three ways bytes can be unreadable. */
@ExtendWith(MigscopeKafkaExtension.class)
class WireAvroRoundTripTest {

    @Test
    void everyRecordTypeRoundTripsThroughTheRegistry(KafkaStack stack) {
        Stream.of(MigrationEvent.class, PingSample.class, LinkSample.class, MigrationTimeline.class,
                DowntimeReport.class, MigrationSummary.class, Rollup.class, Alert.class, DeadLetter.class)
                .forEach(type -> roundTrip(stack, type));
    }

    private static <T extends SpecificRecord> void roundTrip(KafkaStack stack, Class<T> type) {
        WireAvroSerde<T> serde = new WireAvroSerde<>(type);
        serde.configure(stack.serdeConfig(), false);
        for (Object random : new RandomData(SpecificData.get(), SpecificData.get().getSchema(type), 5, 42L)) {
            T original = type.cast(random);
            byte[] bytes = serde.serializer().serialize("roundtrip." + type.getSimpleName(), original);
            T back = serde.deserializer().deserialize("roundtrip." + type.getSimpleName(), bytes);
            assertThat(back.toString()).as(type.getSimpleName()).isEqualTo(original.toString());
        }
    }

    @Test
    void configuredLikeConfluentWithoutATypeReadsTheGeneratedClass(KafkaStack stack) {
        WireAvroSerde<PingSample> serde = new WireAvroSerde<>();
        serde.configure(Map.of(RegistrySettings.URL_CONFIG, stack.registryUrl()), false);
        PingSample p = PingSample.newBuilder().setVm("vm9").setTarget("t").setSeq(1).setSeqRaw(1).setSentTimeUs(5)
                .setObservedTimeUs(6).setStatus(PingStatus.LOST).build();
        assertThat(serde.deserializer().deserialize("untyped", serde.serializer().serialize("untyped", p))).isEqualTo(p);
    }

    @Test
    void wrongMagicByteIsRejectedWithItsValue(KafkaStack stack) {
        byte[] bytes = {0x07, 0, 0, 0, 1, 2};
        assertThatThrownBy(() -> deserializer(stack).deserialize("t", bytes))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("wrong magic byte 0x07, expected 0x00");
    }

    @Test
    void unknownSchemaIdIsRejectedWithTheId(KafkaStack stack) {
        byte[] bytes = {0, 0x3b, (byte) 0x9a, (byte) 0xca, 0x00, 2};   // id 1_000_000_000
        assertThatThrownBy(() -> deserializer(stack).deserialize("t", bytes))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("unknown schema id 1000000000");
    }

    @Test
    void truncatedPayloadAndTruncatedHeaderAreRejected(KafkaStack stack) {
        WireAvroSerde<PingSample> serde = new WireAvroSerde<>(PingSample.class);
        serde.configure(stack.serdeConfig(), false);
        PingSample p = PingSample.newBuilder().setVm("a-long-vm-name").setTarget("10.1.2.3").setSeq(7).setSeqRaw(7)
                .setSentTimeUs(1_700_000_000_000_000L).setObservedTimeUs(1_700_000_000_000_100L)
                .setStatus(PingStatus.REPLY).setRttUs(345L).build();
        byte[] whole = serde.serializer().serialize("trunc", p);

        for (int cut = 6; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> serde.deserializer().deserialize("trunc", part)).as("cut at %d", cut)
                    .isInstanceOf(WireFormatException.class)
                    .hasMessage("truncated Avro payload");
        }
        assertThatThrownBy(() -> serde.deserializer().deserialize("trunc", Arrays.copyOf(whole, 3)))
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("truncated header: 3 bytes");
    }

    private static WireAvroDeserializer<PingSample> deserializer(KafkaStack stack) {
        WireAvroDeserializer<PingSample> d = new WireAvroDeserializer<>(PingSample.class);
        d.configure(stack.serdeConfig(), false);
        return d;
    }
}
