package io.migscope.app.bench;

import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.ParseOutput;
import io.migscope.producers.parse.Rejection;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Lines per second of each parser on one thread, over tool output generated in memory. */
final class ParserBench {
    private ParserBench() {
    }

    static List<BenchResult> run(boolean quick) {
        int n = quick ? 200_000 : 2_000_000;
        List<BenchResult> out = new ArrayList<>();
        out.add(measure("parsers/ping", "ping", SyntheticLines.ping(n / 10), SyntheticLines.ping(n)));
        out.add(measure("parsers/iftop", "iftop", SyntheticLines.iftop(n / 140), SyntheticLines.iftop(n / 14)));
        out.add(measure("parsers/qmp", "qmp", SyntheticLines.qmp(n / 40), SyntheticLines.qmp(n / 4)));
        out.add(measure("parsers/nova-log", "nova-log", SyntheticLines.nova(n / 40), SyntheticLines.nova(n / 4)));
        return out;
    }

    /** Parses {@code warmUp} first so the JIT has compiled the parser, then times {@code lines}. */
    private static BenchResult measure(String name, String format, List<String> warmUp, List<String> lines) {
        check(name, parse(format, warmUp));
        long t0 = System.nanoTime();
        Counting c = parse(format, lines);
        double seconds = (System.nanoTime() - t0) / 1e9;
        check(name, c);
        // Only the ping parser makes probes: the samples of the other formats' scenarios do not apply.
        Long samples = format.equals("ping") ? c.records : null;
        return BenchResult.of(name, lines.size(), samples, seconds).note(c.records + " records");
    }

    private static void check(String name, Counting c) {
        if (c.rejected > 0) {
            throw new IllegalStateException(name + ": the parser rejected generated lines: " + c.firstRejection);
        }
    }

    private static Counting parse(String format, List<String> lines) {
        LineParser parser = SyntheticLines.parser(format);
        Counting out = new Counting();
        long n = 0;
        for (String line : lines) {
            parser.accept(line, ++n, out);
        }
        parser.finish(out);
        return out;
    }

    private static final class Counting implements ParseOutput {
        long records;
        long rejected;
        String firstRejection;

        @Override
        public void record(SpecificRecord record) {
            records++;
        }

        @Override
        public void reject(Rejection rejection) {
            if (rejected++ == 0) {
                firstRejection = rejection.describe();
            }
        }
    }
}
