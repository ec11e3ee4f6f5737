package io.migscope.producers.collect;

import io.migscope.avro.DeadLetter;
import io.migscope.avro.GuestSample;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.deadletter.DeadLetters;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.ParseOutput;
import io.migscope.producers.parse.Rejection;
import io.migscope.producers.source.iftop.IftopParser;
import io.migscope.validate.Plausibility;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live end of a collector: each line a tool printed goes through its format's parser, normalised records go
 * to the publisher, and a rejected line goes to the dead-letter topic with its raw text and the reason, logged
 * as {@code ORIGIN:LINE: reason}. A bad line never stops the collector.
 */
public final class ParsingSink implements LineSink {
    private static final Logger LOG = LoggerFactory.getLogger(ParsingSink.class);

    /** Where parsed records and dead letters go (the publisher, in production). */
    public interface Outlet {
        void publish(MigrationEvent e);

        void publish(PingSample p);

        void publish(GuestSample g);

        void publish(LinkSample l);

        void publish(DeadLetter d);
    }

    private final String origin;
    private final LineParser parser;
    private final Outlet outlet;
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final ParseOutput output;
    /** The line being parsed, for a record the edge check rejects. */
    private long lineNo;
    private String line = "";

    public ParsingSink(String origin, LineParser parser, Outlet outlet) {
        this.origin = origin;
        this.parser = parser;
        this.outlet = outlet;
        this.output = new ParseOutput() {
            @Override
            public void record(SpecificRecord r) {
                String absurd = Plausibility.problem(r, Plausibility.nowUs());
                if (absurd != null) {
                    // A parser's own checks should have caught it; the edge checks every record once more.
                    reject(new Rejection(origin, lineNo, "implausible " + r.getSchema().getName() + ": " + absurd,
                            "plausible values (times 2000..now+1d, bytes 0..1 PiB, rtt 0..1 h)", line));
                    return;
                }
                records.incrementAndGet();
                route(r);
            }

            @Override
            public void reject(Rejection rejection) {
                rejected.incrementAndGet();
                LOG.warn("{}", rejection.describe());
                outlet.publish(rejection.toDeadLetter(DeadLetters.nowUs()));
            }
        };
    }

    @Override
    public void accept(long receivedUs, String line) {
        long n = lines.incrementAndGet();
        this.lineNo = n;
        this.line = line;
        if (parser instanceof IftopParser iftop) {
            // iftop blocks carry no time: the collector stamped every line of a block with its arrival.
            iftop.stampNextBlock(receivedUs);
        }
        parser.accept(line, n, output);
    }

    @Override
    public void end() {
        parser.finish(output);
        LOG.info("{}: {} lines, {} records, {} rejected", origin, lines.get(), records.get(), rejected.get());
    }

    public long lines() {
        return lines.get();
    }

    public long records() {
        return records.get();
    }

    public long rejected() {
        return rejected.get();
    }

    private void route(SpecificRecord r) {
        if (r instanceof MigrationEvent e) {
            outlet.publish(e);
        } else if (r instanceof PingSample p) {
            outlet.publish(p);
        } else if (r instanceof GuestSample g) {
            outlet.publish(g);
        } else if (r instanceof LinkSample l) {
            outlet.publish(l);
        } else {
            throw new IllegalArgumentException("a parser produced an unexpected record type " + r.getSchema().getFullName());
        }
    }
}
