package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.CaptureEnd;
import io.migscope.avro.CaptureScope;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.VmSignal;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.publish.SignalEncoder;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.SimulationSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v2 port of ShuffleAndDuplicatesTest. v2 reads a VM's signals in partition order, so the reordering that
 * remains is a live publisher's: its events and its probe batches (and the link samples, on their own topic) reach
 * Kafka up to 2 s away from where event time puts them, each kind still in its own order; and records sent twice,
 * the copy up to 2 s later. The summaries must be those of the run in the publisher's order.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class ShuffleAndDuplicatesV2Test {
    private static final long START_US = 1_790_000_000_000_000L;
    private static final long SKEW_US = 2_000_000L;

    private static List<SignalEncoder.Out> demoFleet() {
        FleetSimulator sim = new FleetSimulator(SimulationSpec.demo(5, START_US));
        SignalEncoder encoder = new SignalEncoder();
        List<SignalEncoder.Out> ordered = new ArrayList<>();
        sim.run(r -> ordered.addAll(encoder.add(r.value(), r.timestampUs())));
        ordered.addAll(encoder.finish(CaptureScope.ALL, "test"));
        assertThat(sim.expectations()).hasSize(24);
        return ordered;
    }

    private static void assertSameSummaries(KafkaStack stack, Path a, Path b, List<SignalEncoder.Out> ordered,
                                            List<SignalEncoder.Out> messy) {
        assertThat(messy).isNotEqualTo(ordered);
        Map<String, MigrationSummary> inOrder = summaries(stack, a, ordered, true);
        Map<String, MigrationSummary> reordered = summaries(stack, b, messy, false);

        assertThat(inOrder).hasSize(24);
        assertThat(reordered.keySet()).isEqualTo(inOrder.keySet());
        for (String id : inOrder.keySet()) {
            assertThat(reordered.get(id)).as(id).isEqualTo(inOrder.get(id));
        }
    }

    @Test
    void everyRecordSentTwiceChangesNoSummary(KafkaStack stack, @TempDir Path a, @TempDir Path b) {
        List<SignalEncoder.Out> ordered = demoFleet();
        List<SignalEncoder.Out> twice = reordered(ordered, 7, false, false, true);
        assertThat(twice).hasSize(2 * ordered.size());

        assertSameSummaries(stack, a, b, ordered, twice);
    }

    @Test
    void probeBatchesHeldBackUpToTwoSecondsMoreChangeNoSummary(KafkaStack stack, @TempDir Path a, @TempDir Path b) {
        List<SignalEncoder.Out> ordered = demoFleet();

        assertSameSummaries(stack, a, b, ordered, reordered(ordered, 42, false, true, false));
    }

    static List<SignalEncoder.Out> reordered(List<SignalEncoder.Out> ordered, long seed, boolean delayEvents,
                                             boolean delayBatches, boolean duplicates) {
        Random rnd = new Random(seed);
        Map<String, Long> lastOfKind = new HashMap<>();
        List<long[]> keys = new ArrayList<>();
        List<SignalEncoder.Out> copies = new ArrayList<>();
        for (SignalEncoder.Out o : ordered) {
            if (isCaptureEnd(o)) {
                continue;
            }
            String kind = o.key() + "|" + (o.link() ? "link" : isEvent(o) ? "event" : "batch");
            boolean delay = o.link() || (isEvent(o) ? delayEvents : delayBatches);
            long at = Math.max(o.timestampUs() + (delay ? (long) (rnd.nextDouble() * SKEW_US) : 0),
                    lastOfKind.getOrDefault(kind, Long.MIN_VALUE));
            lastOfKind.put(kind, at);
            keys.add(new long[] {at, copies.size()});
            copies.add(o);
            if (duplicates) {
                keys.add(new long[] {at + (long) (rnd.nextDouble() * SKEW_US), copies.size()});
                copies.add(o);
            }
        }
        keys.sort(Comparator.comparingLong((long[] k) -> k[0]).thenComparingLong(k -> k[1]));
        List<SignalEncoder.Out> out = new ArrayList<>();
        keys.forEach(k -> out.add(copies.get((int) k[1])));
        ordered.stream().filter(ShuffleAndDuplicatesV2Test::isCaptureEnd).forEach(o -> {
            out.add(o);
            if (duplicates) {
                out.add(o);
            }
        });
        return out;
    }

    private static boolean isEvent(SignalEncoder.Out o) {
        return ((VmSignal) o.value()).getSignal() instanceof MigrationEvent;
    }

    private static boolean isCaptureEnd(SignalEncoder.Out o) {
        return !o.link() && ((VmSignal) o.value()).getSignal() instanceof CaptureEnd;
    }

    private static Map<String, MigrationSummary> summaries(KafkaStack stack, Path state, List<SignalEncoder.Out> outs,
                                                           boolean clean) {
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of())) {
            outs.forEach(f::send);
            assertThat(f.deadLetters()).as(clean ? "in order" : "reordered, with duplicates").isEmpty();
            return f.latest(f.topics.summaries(), f.serdes.summaries());
        }
    }

    /**
     * Events reach Kafka up to 2 s late too (a slower collector), besides probe batches held back and every record
     * sent twice: the summaries must still be those of the run in the publisher's order.
     */
    @Test
    void eventsAndBatchesUpToTwoSecondsLateAndSentTwiceChangeNoSummary(KafkaStack stack, @TempDir Path a,
                                                                        @TempDir Path b) {
        List<SignalEncoder.Out> ordered = demoFleet();

        assertSameSummaries(stack, a, b, ordered, reordered(ordered, 42, true, true, true));
    }
}
