package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.Alert;
import io.migscope.avro.DeadLetter;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.embedded.KafkaStack;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import io.migscope.producers.parse.Parsers;
import io.migscope.producers.parse.Rejection;
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
 * One case of the libvirt lab captures replayed the way a user brings them: each host's files parsed with the real
 * parsers and {@code --host} set per file (no role: a folder of logs does not say which host was the source), all
 * events merged in time order, piped through the streams core v2, then the end of the run.
 */
final class LabReplay {
    /** The poll loop as teams run it ({@code virsh domjobinfo}), and the same with {@code --rawstats}. */
    static final String PRETTY = "domjobinfo";
    static final String RAW = "domjobinfo-raw";
    /** No polls: {@code virsh event} of both hosts only. */
    static final String EVENTS_ONLY = null;
    static final Path LAB = Path.of("../producers/src/test/resources/samples/libvirt-lab");
    private static final List<String> HOSTS = List.of("hostA", "hostB");

    record Result(int eventCount, Map<String, MigrationSummary> summaries, Map<String, MigrationTimeline> timelines,
                  List<Alert> alerts, List<DeadLetter> deadLetters) {

        MigrationSummary onlySummary() {
            assertThat(summaries).as("one migration, one summary").hasSize(1);
            return summaries.values().iterator().next();
        }
    }

    private LabReplay() {
    }

    static Result run(KafkaStack stack, Path state, String labCase, String polls) {
        List<MigrationEvent> events = events(labCase, polls);
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of())) {
            events.forEach(e -> f.pipe(new SimulatedRecord(TopicKind.EVENT, e.getVm(), e.getEventTimeUs(), e)));
            f.endOfRun();
            return new Result(events.size(), f.latest(f.topics.summaries(), f.serdes.summaries()),
                    f.latest(f.topics.timelines(), f.serdes.timelines()), f.all(f.topics.alerts(), f.serdes.alerts()),
                    f.deadLetters());
        }
    }

    /** Every event of both hosts, in time order (stable: a file's own order breaks ties). */
    static List<MigrationEvent> events(String labCase, String polls) {
        String vm = vm(labCase);
        List<MigrationEvent> all = new ArrayList<>();
        for (String host : HOSTS) {
            all.addAll(parse("virsh-event", labCase + "/events-" + host + ".txt", null, host));
            if (polls != null) {
                all.addAll(parse("virsh-domjobinfo", labCase + "/" + polls + "-" + host + ".txt", vm, host));
            }
        }
        all.sort(Comparator.comparingLong(MigrationEvent::getEventTimeUs));
        return all;
    }

    /** The domain's name, from the case's first command ({@code virsh ... create /tmp/lab/NAME.xml}). */
    static String vm(String labCase) {
        String first = lines(labCase + "/commands.txt").get(0);
        return first.replaceAll(".*/(lab-[a-z]+)\\.xml$", "$1");
    }

    private static List<MigrationEvent> parse(String format, String file, String vm, String host) {
        ParseContext ctx = ParseContext.defaults(file).withIdentity(vm, null, host, null);
        LineParser parser = Parsers.create(format, ctx);
        List<MigrationEvent> out = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        ParseOutput sink = new ParseOutput() {
            @Override
            public void record(SpecificRecord record) {
                out.add((MigrationEvent) record);
            }

            @Override
            public void reject(Rejection rejection) {
                rejected.add(rejection);
            }
        };
        long lineNo = 0;
        for (String line : lines(file)) {
            parser.accept(line, ++lineNo, sink);
        }
        parser.finish(sink);
        assertThat(rejected).as(file).isEmpty();
        return out;
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(LAB.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
