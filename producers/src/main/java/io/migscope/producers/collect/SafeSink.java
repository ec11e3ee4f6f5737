package io.migscope.producers.collect;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Guards a sink so a line it cannot handle is logged with its origin and number, and the source keeps reading. */
final class SafeSink {
    private static final Logger LOG = LoggerFactory.getLogger(SafeSink.class);

    private SafeSink() {
    }

    static void deliver(LineSink sink, String origin, long lineNo, long receivedUs, String line) {
        try {
            sink.accept(receivedUs, line);
        } catch (RuntimeException e) {
            LOG.error("{}:{}: sink failed on line, skipped and kept reading: {} (line: {})", origin, lineNo, e, line);
        }
    }

    static void end(LineSink sink, String origin) {
        try {
            sink.end();
        } catch (RuntimeException e) {
            LOG.error("{}: sink failed at end of input: {}", origin, e.toString());
        }
    }
}
