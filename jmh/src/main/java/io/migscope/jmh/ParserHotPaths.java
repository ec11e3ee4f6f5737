package io.migscope.jmh;

import io.migscope.app.bench.SyntheticLines;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.ParseOutput;
import io.migscope.producers.parse.Rejection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** Lines per second of the ping and QMP parsers on one thread (the same lines as {@code migscope bench parsers}). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParserHotPaths {
    private static final int LINES = 10_000;

    private List<String> ping;
    private List<String> qmp;

    @Setup
    public void setUp() {
        ping = SyntheticLines.ping(LINES);
        qmp = SyntheticLines.qmp(LINES);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void pingLines(Blackhole bh) {
        parse("ping", ping, bh);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void qmpLines(Blackhole bh) {
        parse("qmp", qmp, bh);
    }

    private static void parse(String format, List<String> lines, Blackhole bh) {
        LineParser parser = SyntheticLines.parser(format);
        Sink sink = new Sink(bh);
        long n = 0;
        for (String line : lines) {
            parser.accept(line, ++n, sink);
        }
        parser.finish(sink);
        if (sink.rejected > 0) {
            throw new IllegalStateException(format + ": the parser rejected generated lines");
        }
    }

    /** Hands every record to the blackhole so the JIT cannot drop the parsing. */
    private static final class Sink implements ParseOutput {
        private final Blackhole bh;
        private long rejected;

        Sink(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void record(SpecificRecord record) {
            bh.consume(record);
        }

        @Override
        public void reject(Rejection rejection) {
            rejected++;
        }
    }
}
