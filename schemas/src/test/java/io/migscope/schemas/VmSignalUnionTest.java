package io.migscope.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.CaptureEnd;
import io.migscope.avro.CaptureScope;
import io.migscope.avro.VmSignal;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/**
 * The signals topic's union grows at its end: a collector that still writes the union without GuestSample is read
 * by the current streams application (BACKWARD), branch for branch.
 */
class VmSignalUnionTest {

    @Test
    void theUnionWithoutGuestSamplesIsReadByTheCurrentOne() throws Exception {
        Schema current = VmSignal.getClassSchema();
        Schema before = withoutLastBranch(current);
        assertThat(before.getField("signal").schema().getTypes()).extracting(Schema::getName)
                .containsExactly("MigrationEvent", "ProbeBatch", "CaptureEnd");
        assertThat(current.getField("signal").schema().getTypes()).extracting(Schema::getName)
                .containsExactly("MigrationEvent", "ProbeBatch", "CaptureEnd", "GuestSample");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, before).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);

        CaptureEnd end = CaptureEnd.newBuilder().setVm("vm-a").setEndTimeUs(1_714_557_600_000_000L)
                .setScope(CaptureScope.ALL).setSource("test").build();
        GenericRecord written = new GenericData.Record(before);
        written.put("signal", end);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(before, new org.apache.avro.specific.SpecificData()).write(written, encoder);
        encoder.flush();
        VmSignal read = new SpecificDatumReader<VmSignal>(before, current)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(read.getSignal()).isEqualTo(end);
    }

    /** The schema as it was before its last union branch was added. */
    private static Schema withoutLastBranch(Schema current) {
        Schema.Field signal = current.getField("signal");
        List<Schema> types = new ArrayList<>(signal.schema().getTypes());
        types.remove(types.size() - 1);
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false,
                List.of(new Schema.Field(signal.name(), Schema.createUnion(types), signal.doc())));
    }
}
