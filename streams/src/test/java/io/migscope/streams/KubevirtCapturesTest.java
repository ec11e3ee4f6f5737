package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import io.migscope.producers.parse.Parsers;
import io.migscope.producers.parse.Rejection;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.TopicKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kubectl output of a KubeVirt 0.54 migration (producers' samples/kubevirt/harvester-v121, see its README):
 * the migration object, which says only when it was requested, and the VMI, whose migrationState says the rest.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class KubevirtCapturesTest {
    private static final Path SAMPLES = Path.of("../producers/src/test/resources/samples/kubevirt/harvester-v121");

    @Test
    void theMigrationObjectAndTheVmiTogetherGiveTheWholeMigration(KafkaStack stack, @TempDir Path state)
            throws IOException {
        List<MigrationEvent> events = new ArrayList<>();
        for (String file : List.of("vmim-list.yaml", "vmi-list.yaml")) {
            events.addAll(parse(SAMPLES.resolve(file)));
        }
        events.sort(Comparator.comparingLong(MigrationEvent::getEventTimeUs));
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of())) {
            events.forEach(e -> f.pipe(new SimulatedRecord(TopicKind.EVENT, e.getVm(), e.getEventTimeUs(), e)));
            f.endOfRun();
            Map<String, MigrationSummary> summaries = f.latest(f.topics.summaries(), f.serdes.summaries());
            // the VMIM's uid, which the VMI's migrationState names as its migrationUid
            MigrationSummary s = summaries.get("9f18f964-5233-4f06-a7db-8f0fad5d77be");
            assertThat(summaries).hasSize(1);
            assertThat(s.getOutcome()).isEqualTo("completed");
            assertThat(s.getVm()).isEqualTo("vm1");
            assertThat(s.getSourceHost()).isEqualTo("harv2");
            assertThat(s.getTargetHost()).isEqualTo("harv41");
            // creationTimestamp 12:38:45, startTimestamp 12:38:58, endTimestamp 12:39:03
            assertThat(s.getRequestedAtUs()).isEqualTo(us("2024-12-13T12:38:45Z"));
            assertThat(s.getStartedAtUs()).isEqualTo(us("2024-12-13T12:38:58Z"));
            assertThat(s.getCompletedAtUs()).isEqualTo(us("2024-12-13T12:39:03Z"));
            assertThat(s.getMigrationTimeMs()).isEqualTo(18_000L);
            assertThat(f.deadLetters()).isEmpty();
        }
    }

    private static long us(String iso) {
        return Instant.parse(iso).toEpochMilli() * 1000L;
    }

    private static List<MigrationEvent> parse(Path file) throws IOException {
        LineParser parser = Parsers.create("kubevirt", ParseContext.defaults(file.toString()));
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
        for (String line : Files.readAllLines(file)) {
            parser.accept(line, ++lineNo, sink);
        }
        parser.finish(sink);
        assertThat(rejected).as(file.toString()).isEmpty();
        return out;
    }
}
