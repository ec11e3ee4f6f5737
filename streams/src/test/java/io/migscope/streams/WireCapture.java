package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migscope.avro.DeadLetter;
import io.migscope.avro.GuestSample;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.PingSample;
import io.migscope.embedded.KafkaStack;
import io.migscope.producers.collect.ParsingSink;
import io.migscope.producers.collect.Recorder;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.Parsers;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.TopicKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * A recorded wire run as the collectors wrote it ({@code <epoch_us> TAB <line>}): for migration i,
 * {@code qmp-src-i.rec} (QMP on node-a, the source, with the migrate command the collector sent) and
 * {@code qmp-dst-i.rec} (QMP on node-b, the destination), and one {@code iftop.rec} of node-a's end of the link.
 * Read with the real parsers, as a replay would, and piped through the streams core.
 *
 * @param transferred QEMU's final {@code ram.transferred} of each migration, from the source's last reply
 */
record WireCapture(Path dir, List<MigrationEvent> events, List<LinkSample> links, List<Long> transferred) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static WireCapture read(Path dir, int migrations) {
        List<MigrationEvent> events = new ArrayList<>();
        List<LinkSample> links = new ArrayList<>();
        List<Long> transferred = new ArrayList<>();
        for (int i = 0; i < migrations; i++) {
            Path src = dir.resolve("qmp-src-" + i + ".rec");
            events.addAll(parse(src, "qmp", "vm-" + i, "node-a", "source", MigrationEvent.class));
            events.addAll(parse(dir.resolve("qmp-dst-" + i + ".rec"), "qmp", "vm-" + i, "node-b", "destination",
                    MigrationEvent.class));
            transferred.add(transferred(src));
        }
        links.addAll(parse(dir.resolve("iftop.rec"), "iftop", null, "node-a", null, LinkSample.class));
        return new WireCapture(dir, List.copyOf(events), List.copyOf(links), List.copyOf(transferred));
    }

    /** Events with their address facts, or without (the inventory alone must do). */
    List<MigrationEvent> events(boolean keepFacts) {
        return events.stream().map(e -> keepFacts ? e : MigrationEvent.newBuilder(e).setAddresses(List.of()).build())
                .toList();
    }

    /** Every record in event time (events at their time, samples at their interval's end), then the end of the run. */
    Map<String, MigrationSummary> summaries(KafkaStack stack, Path state, Map<String, String> config,
                                            boolean keepFacts) {
        List<SimulatedRecord> all = new ArrayList<>();
        events(keepFacts).forEach(e -> all.add(new SimulatedRecord(TopicKind.EVENT, e.getVm(), e.getEventTimeUs(), e)));
        links.forEach(l -> all.add(new SimulatedRecord(TopicKind.LINK, "", l.getIntervalEndUs(), l)));
        all.sort(Comparator.comparingLong(SimulatedRecord::timestampUs));
        return pipe(stack, state, config, all);
    }

    /** The records in the order given, then the end of the run: the last summary written per migration. */
    static Map<String, MigrationSummary> pipe(KafkaStack stack, Path state, Map<String, String> config,
                                              List<SimulatedRecord> records) {
        try (SignalsFixture f = new SignalsFixture(stack, state, config)) {
            records.forEach(f::pipe);
            f.endOfRun();
            assertThat(f.deadLetters()).isEmpty();
            return f.latest(f.topics.summaries(), f.serdes.summaries());
        }
    }

    /** The id of migration i (of VM vm-i). */
    String migrationId(Map<String, MigrationSummary> summaries, int i) {
        return summaries.values().stream().filter(s -> s.getVm().equals("vm-" + i)).map(MigrationSummary::getMigrationId)
                .findFirst().orElseThrow(() -> new AssertionError("no summary for vm-" + i + ": " + summaries.keySet()));
    }

    private static long transferred(Path srcRecording) {
        long last = -1;
        try {
            for (String raw : Files.readAllLines(srcRecording)) {
                JsonNode n = JSON.readTree(raw.substring(raw.indexOf('\t') + 1));
                if ("completed".equals(n.path("return").path("status").asText())
                        && n.path("return").path("ram").has("transferred")) {
                    last = n.path("return").path("ram").path("transferred").asLong();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(last).as("QEMU's final transferred in " + srcRecording).isPositive();
        return last;
    }

    private static <T extends SpecificRecord> List<T> parse(Path recording, String format, String vm, String host,
                                                            String role, Class<T> type) {
        ParseContext ctx = ParseContext.defaults(recording.toString()).withIdentity(vm, null, host, role)
                .withIftop("veth", null, ParseContext.IFTOP_INTERVAL_US);
        List<T> out = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        ParsingSink sink = new ParsingSink(recording.toString(), Parsers.create(format, ctx), new ParsingSink.Outlet() {
            @Override
            public void publish(MigrationEvent e) {
                keep(e);
            }

            @Override
            public void publish(PingSample p) {
                keep(p);
            }

            @Override
            public void publish(GuestSample g) {
                keep(g);
            }

            @Override
            public void publish(LinkSample l) {
                keep(l);
            }

            @Override
            public void publish(DeadLetter d) {
                rejected.add(d.getReason());
            }

            private void keep(SpecificRecord r) {
                if (type.isInstance(r)) {
                    out.add(type.cast(r));
                }
            }
        });
        try {
            Recorder.replay(recording, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sink.end();
        assertThat(rejected).as("lines of a real recording the parser rejected: " + recording).isEmpty();
        return out;
    }
}
