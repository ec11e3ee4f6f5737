package io.migscope.producers.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Every generated record must be a complete Avro record: it encodes and decodes back to itself. */
class AvroValidityTest {

    @Test
    void everyRecordOfTheDemoFleetRoundTripsThroughAvroBinary() throws IOException {
        int checked = 0;
        for (SimulatedRecord r : new FleetSimulator(SimulationSpec.demo(5, 1_800_000_000_000_000L))) {
            assertThat(roundTrip(r.value())).as("%s record at %d", r.topicKind(), r.timestampUs()).isEqualTo(r.value());
            checked++;
        }
        assertThat(checked).isGreaterThan(3_000);
    }

    /** Seed 002's fleet: QEMU, XEN and VSPHERE events and the GUEST records only it makes. */
    @Test
    void everyRecordOfTheSeed002FleetRoundTripsThroughAvroBinary() throws IOException {
        int guests = 0;
        for (SimulatedRecord r : new FleetSimulator(SimulationSpec.seed002(5, 1_800_000_000_000_000L))) {
            if (r.topicKind() == TopicKind.PING) {
                continue; // the same PingStream as the demo fleet's, checked above
            }
            assertThat(roundTrip(r.value())).as("%s record at %d", r.topicKind(), r.timestampUs()).isEqualTo(r.value());
            guests += r.topicKind() == TopicKind.GUEST ? 1 : 0;
        }
        assertThat(guests).isGreaterThan(1_000);
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> T roundTrip(T value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<T>(value.getSchema()).write(value, enc);
        enc.flush();
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(value.getSchema(), value.getSchema(), SpecificData.get());
        return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
