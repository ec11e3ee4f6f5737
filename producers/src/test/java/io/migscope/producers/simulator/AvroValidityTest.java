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
