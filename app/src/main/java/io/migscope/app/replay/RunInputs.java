package io.migscope.app.replay;

import io.migscope.avro.GuestSample;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import io.migscope.producers.parse.Parsers;
import io.migscope.producers.parse.Rejection;
import io.migscope.producers.signals.CanonicalSignals;
import io.migscope.producers.source.iftop.IftopParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every source of a run, parsed and merged: records in event-time order (ties in manifest order), the declared
 * migrations applied ({@link Declarations}), and every rejected line as {@code FILE:LINE: reason}.
 */
public final class RunInputs {
    /** A collector's {@code --record} line: receive stamp in epoch microseconds, a tab, the raw line. */
    private static final Pattern RECORDED = Pattern.compile("^\\d{15,17}\t.*");

    private final List<ReplayRecord> records;
    private final List<String> rejections;

    private RunInputs(List<ReplayRecord> records, List<String> rejections) {
        this.records = records;
        this.rejections = rejections;
    }

    public static RunInputs read(RunManifest manifest) throws IOException {
        List<ReplayRecord> records = new ArrayList<>();
        List<String> rejections = new ArrayList<>();
        for (RunManifest.Source s : manifest.sources()) {
            Collector out = new Collector(s.index(), manifest.cluster(), s.loadProfile(), records, rejections);
            if (RunManifest.RECORDS.equals(s.format())) {
                readRecords(s, out);
            } else {
                readLines(s, context(manifest, s), out);
            }
        }
        int declaredSource = manifest.sources().size();
        long seq = 0;
        for (MigrationEvent e : Declarations.apply(manifest.migrations(), records, manifest.cluster())) {
            records.add(ReplayRecord.of(declaredSource, seq++, e));
        }
        records.sort(ReplayRecord.ORDER);
        return new RunInputs(List.copyOf(records), List.copyOf(rejections));
    }

    /** Records made elsewhere (a simulated run, for the benchmark), merged in the same order as a read run. */
    public static RunInputs of(List<ReplayRecord> records) {
        List<ReplayRecord> sorted = new ArrayList<>(records);
        sorted.sort(ReplayRecord.ORDER);
        return new RunInputs(List.copyOf(sorted), List.of());
    }

    public List<ReplayRecord> records() {
        return records;
    }

    public List<String> rejections() {
        return rejections;
    }

    /** The last event time of the run, epoch microseconds (0 when there is nothing). */
    public long lastTimeUs() {
        return records.isEmpty() ? 0 : records.get(records.size() - 1).timeUs();
    }

    static ParseContext context(RunManifest manifest, RunManifest.Source s) {
        String origin = manifest.dir().relativize(s.file()).toString();
        ParseContext c = ParseContext.defaults(origin)
                .withIdentity(s.vm(), s.cluster() != null ? s.cluster() : manifest.cluster(), s.host(), s.role());
        if (s.intervalMs() != null || s.target() != null) {
            c = c.withPing(s.target(), s.intervalMs() == null ? null : s.intervalMs() * 1000L,
                    ParseContext.DEFAULT_PING_TIMEOUT_US);
        }
        if (s.startedAtUs() != null || s.iface() != null) {
            c = c.withIftop(s.iface(), s.startedAtUs(), ParseContext.IFTOP_INTERVAL_US);
        }
        if (s.logZone() != null) {
            c = c.withLogZone(ZoneId.of(s.logZone()));
        }
        // A replay reads old logs: only timestamps past the run's own reading time are suspicious, as live.
        return c;
    }

    private static void readLines(RunManifest.Source s, ParseContext context, Collector out) throws IOException {
        LineParser parser = Parsers.create(s.format(), context);
        long lineNo = 0;
        try (BufferedReader in = reader(s.file())) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1) {
                    out.recorded = RECORDED.matcher(line).matches();
                }
                if (out.recorded) {
                    line = unstamp(parser, line, context.origin(), lineNo, out);
                    if (line == null) {
                        continue;
                    }
                }
                parser.accept(line, lineNo, out);
            }
        }
        parser.finish(out);
    }

    /** A recorded line: iftop blocks take their stamp from it (raw iftop text carries none); others carry time. */
    private static String unstamp(LineParser parser, String line, String origin, long lineNo, Collector out) {
        int tab = line.indexOf('\t');
        if (tab <= 0 || !RECORDED.matcher(line).matches()) {
            out.reject(new Rejection(origin, lineNo, "not a recorded line", "<epoch_us>TAB<raw line>", line));
            return null;
        }
        if (parser instanceof IftopParser iftop) {
            iftop.stampNextBlock(Long.parseLong(line.substring(0, tab)));
        }
        return line.substring(tab + 1);
    }

    private static void readRecords(RunManifest.Source s, Collector out) throws IOException {
        String origin = s.file().getFileName().toString();
        long lineNo = 0;
        try (BufferedReader in = reader(s.file())) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    SpecificRecord r = RecordsFormat.parse(line);
                    if (r instanceof MigrationEvent event && !CanonicalSignals.marked(event)) {
                        CanonicalSignals.apply(event); // written before the collectors marked phases
                    }
                    out.record(r);
                } catch (IllegalArgumentException e) {
                    out.reject(new Rejection(origin, lineNo, e.getMessage(), null, line));
                }
            }
        }
    }

    private static BufferedReader reader(Path file) throws IOException {
        // Undecodable bytes become U+FFFD so that a binary blob is rejected line by line, never fatal.
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
    }

    /** Collects one source's records (cluster and load profile filled from the manifest) and rejections. */
    private static final class Collector implements ParseOutput {
        private final int source;
        private final String cluster;
        private final String loadProfile;
        private final List<ReplayRecord> records;
        private final List<String> rejections;
        private long seq;
        private boolean recorded;

        Collector(int source, String cluster, String loadProfile, List<ReplayRecord> records, List<String> rejections) {
            this.source = source;
            this.cluster = cluster;
            this.loadProfile = loadProfile;
            this.records = records;
            this.rejections = rejections;
        }

        @Override
        public void record(SpecificRecord r) {
            if (cluster != null) {
                fillCluster(r);
            }
            if (loadProfile != null && r instanceof MigrationEvent e && e.getLoadProfile() == null) {
                e.setLoadProfile(loadProfile);
            }
            records.add(ReplayRecord.of(source, seq++, r));
        }

        @Override
        public void reject(Rejection rejection) {
            rejections.add(rejection.describe());
        }

        private void fillCluster(SpecificRecord r) {
            if (r instanceof MigrationEvent e && e.getCluster() == null) {
                e.setCluster(cluster);
            } else if (r instanceof PingSample p && p.getCluster() == null) {
                p.setCluster(cluster);
            } else if (r instanceof GuestSample g && g.getCluster() == null) {
                g.setCluster(cluster);
            } else if (r instanceof LinkSample l && l.getCluster() == null) {
                l.setCluster(cluster);
            }
        }
    }
}
