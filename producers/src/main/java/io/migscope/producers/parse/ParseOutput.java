package io.migscope.producers.parse;

import org.apache.avro.specific.SpecificRecord;

/** Where a {@link LineParser} puts what it read. */
public interface ParseOutput {

    void record(SpecificRecord record);

    void reject(Rejection rejection);

    /** A line of a known shape that carries nothing migscope uses (a summary, a header, an unrelated event). */
    default void ignore(long lineNo) {
    }
}
