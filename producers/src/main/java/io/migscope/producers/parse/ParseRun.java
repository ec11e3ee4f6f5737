package io.migscope.producers.parse;

import io.migscope.json.RecordJson;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The engine of {@code migscope parse FORMAT FILE...}: streams each file through a fresh parser of the format, writes
 * each record as one JSON line and each rejection as {@code FILE:LINE: reason}, and ends with a one-line count.
 * {@code -} reads standard input. Undecodable bytes become U+FFFD, so a binary blob is rejected, not fatal.
 */
public final class ParseRun {

    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_REJECTED = 3;

    /** Totals of one run; {@code exitCode} is 0 when nothing was rejected, 3 otherwise. */
    public record Result(long records, long lines, long rejected, long ignored, int exitCode) {
    }

    private final String format;
    private final ParseContext context;
    private final Writer records;
    private final Writer rejects;
    private long recordCount;
    private long lineCount;
    private long rejectCount;
    private long ignoreCount;

    private ParseRun(String format, ParseContext context, Writer records, Writer rejects) {
        this.format = format;
        this.context = context;
        this.records = records;
        this.rejects = rejects;
    }

    /**
     * @throws IllegalArgumentException on a usage error (unknown format, missing identity, missing file): exit 2
     */
    public static Result run(String format, ParseContext context, List<String> files, Writer records,
                             Writer rejects) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no input files");
        }
        Parsers.create(format, context);
        for (String file : files) {
            if (!"-".equals(file) && !Files.isReadable(Path.of(file))) {
                throw new IllegalArgumentException("cannot read " + file);
            }
        }
        ParseRun run = new ParseRun(format, context, records, rejects);
        for (String file : files) {
            run.parseFile(file);
        }
        return run.finish();
    }

    private void parseFile(String file) throws IOException {
        LineParser parser = Parsers.create(format, context.withOrigin(file));
        Sink sink = new Sink();
        long lineNo = 0;
        try (InputStream in = "-".equals(file) ? nonClosing(System.in) : Files.newInputStream(Path.of(file));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPLACE)
                     .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                parser.accept(line, lineNo, sink);
            }
        } catch (IOException e) {
            sink.reject(new Rejection(file, lineNo + 1, "read failed: " + e.getMessage(), null, null));
        }
        parser.finish(sink);
        lineCount += lineNo;
        if (sink.failure != null) {
            throw sink.failure;
        }
    }

    private Result finish() throws IOException {
        rejects.write("parsed " + recordCount + " records from " + lineCount + " lines; " + rejectCount
                + " rejected\n");
        records.flush();
        rejects.flush();
        return new Result(recordCount, lineCount, rejectCount, ignoreCount,
                rejectCount == 0 ? EXIT_OK : EXIT_REJECTED);
    }

    private static InputStream nonClosing(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // standard input belongs to the process, not to this run
            }
        };
    }

    private final class Sink implements ParseOutput {
        private IOException failure;

        @Override
        public void record(SpecificRecord record) {
            recordCount++;
            write(records, RecordJson.toJsonLine(record));
        }

        @Override
        public void reject(Rejection rejection) {
            rejectCount++;
            write(rejects, rejection.describe());
        }

        @Override
        public void ignore(long lineNo) {
            ignoreCount++;
        }

        private void write(Writer writer, String text) {
            try {
                writer.write(text);
                writer.write('\n');
            } catch (IOException e) {
                failure = e;
                throw new UncheckedIOException(e);
            }
        }
    }
}
