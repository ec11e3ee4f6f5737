package io.migscope.producers.parse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/** Test helper: a ParseOutput that keeps everything, and a runner over the sample files. */
public final class Collected implements ParseOutput {

    /** Tests judge "far future" against 2024-06-01, after every sample. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);

    public final List<SpecificRecord> records = new ArrayList<>();
    public final List<Rejection> rejections = new ArrayList<>();
    public long ignored;

    public static ParseContext context(String origin) {
        return ParseContext.defaults(origin).withClock(CLOCK);
    }

    public static Collected run(LineParser parser, List<String> lines) {
        Collected out = new Collected();
        long lineNo = 0;
        for (String line : lines) {
            parser.accept(line, ++lineNo, out);
        }
        parser.finish(out);
        return out;
    }

    public static List<String> sample(String path) {
        try (InputStream in = Collected.class.getResourceAsStream("/samples/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + path);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <T> List<T> of(Class<T> type) {
        return records.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    public List<Long> rejectedLines() {
        return rejections.stream().map(Rejection::line).collect(Collectors.toList());
    }

    @Override
    public void record(SpecificRecord record) {
        records.add(record);
    }

    @Override
    public void reject(Rejection rejection) {
        rejections.add(rejection);
    }

    @Override
    public void ignore(long lineNo) {
        ignored++;
    }
}
