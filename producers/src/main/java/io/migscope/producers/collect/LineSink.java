package io.migscope.producers.collect;

/**
 * Where a live source hands each raw line it reads, with the time it was received. A parser plugs in here; so does
 * the {@link Recorder}. Implementations must not throw for a bad line: the source catches and logs anything that
 * escapes, then keeps reading.
 */
@FunctionalInterface
public interface LineSink {

    /**
     * @param receivedUs when the line (or, for iftop, the block it belongs to) was received, epoch microseconds
     * @param line       the raw line without its line terminator
     */
    void accept(long receivedUs, String line);

    /** Called once when the source has ended for good (process gone and not restarted, stream closed). */
    default void end() {
    }

    /** A sink that hands every line to both sinks, in order: first this one, then {@code next}. */
    default LineSink andThen(LineSink next) {
        LineSink first = this;
        return new LineSink() {
            @Override
            public void accept(long receivedUs, String line) {
                first.accept(receivedUs, line);
                next.accept(receivedUs, line);
            }

            @Override
            public void end() {
                first.end();
                next.end();
            }
        };
    }
}
