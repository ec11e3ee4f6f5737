package io.migscope.serde;

import org.apache.avro.specific.SpecificData;

/**
 * The Avro model every migscope reader and writer uses: Avro's own generated encoders and decoders
 * ({@code customEncode}/{@code customDecode} in each generated class) instead of its reflective path. Avro generates
 * them but leaves them off unless asked ({@code org.apache.avro.specific.use_custom_coders}); state is read and
 * written on every record, so this is most of the core's serialization cost. Schema resolution still applies: a
 * reader whose schema differs from the writer's reads through the resolving decoder as before.
 */
public final class AvroModel {
    private static final SpecificData MODEL = create();

    private AvroModel() {
    }

    public static SpecificData get() {
        return MODEL;
    }

    private static SpecificData create() {
        SpecificData data = new SpecificData(AvroModel.class.getClassLoader());
        data.setCustomCoders(true);
        return data;
    }
}
