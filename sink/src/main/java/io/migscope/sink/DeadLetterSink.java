package io.migscope.sink;

import io.migscope.avro.DeadLetter;

/**
 * Where the sink sends records it could not use, after the database transaction that stored them in
 * {@code dead_letters} committed and before the consumer offsets are committed.
 */
@FunctionalInterface
public interface DeadLetterSink {

    void accept(DeadLetter letter);

    /** Called once after each batch's letters, so they are out before the offsets move on. */
    default void flush() {
    }
}
