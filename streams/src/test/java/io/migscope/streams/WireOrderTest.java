package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.MigrationSummary;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.TopicKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire step gives the same last summary per migration whatever the order its inputs arrive in: the same real
 * captures (two QEMU migrations at once between the same hosts, on two ports, measured by iftop; see
 * {@code samples/wire-lab/README.md}) piped in six interleavings of the VM's signals and the link samples. A
 * VM's own signals keep their order (one topic, keyed by VM); everything else is moved about: samples before every
 * event, after the end of the run (so after the summaries), reversed, and shuffled in among the events.
 */
@ExtendWith(MigscopeKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireOrderTest {
    private static final Path TWO = Path.of("../producers/src/test/resources/samples/wire-lab/two");
    private WireCapture capture;
    private List<SimulatedRecord> events;
    private List<SimulatedRecord> links;

    @BeforeAll
    void read() {
        capture = WireCapture.read(TWO, 2);
        events = new ArrayList<>();
        capture.events(true).forEach(e -> events.add(new SimulatedRecord(TopicKind.EVENT, e.getVm(),
                e.getEventTimeUs(), e)));
        events.sort(Comparator.comparingLong(SimulatedRecord::timestampUs));
        links = new ArrayList<>();
        capture.links().forEach(l -> links.add(new SimulatedRecord(TopicKind.LINK, "", l.getIntervalEndUs(), l)));
    }

    @Test
    void learnedAddressesGiveTheSameSummariesInEveryOrder(KafkaStack stack, @TempDir Path state) {
        sameInEveryOrder(stack, state, Map.of());
    }

    @Test
    void theInventoryGivesTheSameSummariesInEveryOrder(KafkaStack stack, @TempDir Path state) {
        sameInEveryOrder(stack, state, Map.of("hosts.node-a.addresses", "10.213.248.1",
                "hosts.node-b.addresses", "10.213.248.2"));
    }

    private void sameInEveryOrder(KafkaStack stack, Path state, Map<String, String> config) {
        Map<String, MigrationSummary> inTime = capture.summaries(stack, state.resolve("time"), config, true);
        // The baseline is right before it is the same everywhere: each migration its own bytes, within 5 %.
        for (int i = 0; i < 2; i++) {
            MigrationSummary s = inTime.get(capture.migrationId(inTime, i));
            assertThat((double) s.getWireBytes()).as(s.getMigrationId())
                    .isCloseTo(capture.transferred().get(i), within(capture.transferred().get(i) * 0.05));
            assertThat(s.getWireBytesNote()).isNull();
        }
        List<SimulatedRecord> reversed = new ArrayList<>(links);
        Collections.reverse(reversed);
        assertThat(run(stack, state.resolve("links-first"), config, concat(links, events), List.of()))
                .as("every sample before every event").isEqualTo(inTime);
        assertThat(run(stack, state.resolve("links-last"), config, events, links))
                .as("every sample after the end of the run").isEqualTo(inTime);
        assertThat(run(stack, state.resolve("reversed"), config, events, reversed))
                .as("samples after the end, newest first").isEqualTo(inTime);
        Random random = new Random(21);
        for (int n = 0; n < 2; n++) {
            List<SimulatedRecord> shuffled = new ArrayList<>(links);
            Collections.shuffle(shuffled, random);
            assertThat(run(stack, state.resolve("shuffled-" + n), config, interleave(events, shuffled, random),
                    List.of())).as("samples shuffled in among the events, seed 21 round %d", n).isEqualTo(inTime);
        }
    }

    private static Map<String, MigrationSummary> run(KafkaStack stack, Path state, Map<String, String> config,
                                                     List<SimulatedRecord> before, List<SimulatedRecord> after) {
        try (SignalsFixture f = new SignalsFixture(stack, state, config)) {
            before.forEach(f::pipe);
            f.endOfRun();
            after.forEach(f::pipe);
            assertThat(f.deadLetters()).isEmpty();
            return f.latest(f.topics.summaries(), f.serdes.summaries());
        }
    }

    /** Both lists' records, each list in its own order, taken in random turns. */
    private static List<SimulatedRecord> interleave(List<SimulatedRecord> a, List<SimulatedRecord> b, Random random) {
        List<SimulatedRecord> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            boolean fromA = j >= b.size() || i < a.size() && random.nextBoolean();
            out.add(fromA ? a.get(i++) : b.get(j++));
        }
        return out;
    }

    private static List<SimulatedRecord> concat(List<SimulatedRecord> a, List<SimulatedRecord> b) {
        List<SimulatedRecord> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
