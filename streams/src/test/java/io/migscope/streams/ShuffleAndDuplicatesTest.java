package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.MigrationSummary;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole topology, fed the same fleet twice: once in event-time order, once with every record delivered twice
 * and the stream shuffled by up to 2 s (well inside the 30 s grace). Summaries must be identical.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class ShuffleAndDuplicatesTest {
    private static final long START_US = 1_790_000_000_000_000L;

    @Test
    void duplicatesAndReorderingWithinGraceChangeNoSummary(KafkaStack stack, @TempDir Path a, @TempDir Path b) {
        List<SimulatedRecord> ordered = new ArrayList<>();
        FleetSimulator sim = new FleetSimulator(SimulationSpec.demo(5, START_US));
        sim.run(ordered::add);

        Map<String, MigrationSummary> inOrder = summaries(stack, a, ordered, sim.lastTimestampUs());
        Map<String, MigrationSummary> messy = summaries(stack, b, shuffledWithDuplicates(ordered, 42), sim.lastTimestampUs());

        assertThat(inOrder).hasSize(sim.expectations().size());
        assertThat(messy.keySet()).isEqualTo(inOrder.keySet());
        for (String id : inOrder.keySet()) {
            assertThat(messy.get(id)).as(id).isEqualTo(inOrder.get(id));
        }
    }

    /** Each record twice; each delivered at its event time plus a random delay of up to 2 s. */
    private static List<SimulatedRecord> shuffledWithDuplicates(List<SimulatedRecord> ordered, long seed) {
        Random rnd = new Random(seed);
        List<long[]> keys = new ArrayList<>();
        List<SimulatedRecord> all = new ArrayList<>();
        for (SimulatedRecord r : ordered) {
            for (int copy = 0; copy < 2; copy++) {
                keys.add(new long[] {r.timestampUs() + (long) (rnd.nextDouble() * 2_000_000), all.size()});
                all.add(r);
            }
        }
        keys.sort(Comparator.comparingLong(k -> k[0]));
        List<SimulatedRecord> out = new ArrayList<>(all.size());
        keys.forEach(k -> out.add(all.get((int) k[1])));
        return out;
    }

    private static Map<String, MigrationSummary> summaries(KafkaStack stack, Path state, List<SimulatedRecord> records,
                                                           long lastUs) {
        try (TopologyFixture f = new TopologyFixture(stack, state, Map.of())) {
            records.forEach(f::pipe);
            long endUs = lastUs + 120_000_000L;
            f.pipePing("idle-vm", PingSample.newBuilder().setVm("idle-vm").setTarget("10.9.9.9").setSeq(1).setSeqRaw(1)
                    .setSentTimeUs(endUs).setObservedTimeUs(endUs + 300).setRttUs(300L).setStatus(PingStatus.REPLY)
                    .build(), endUs / 1000);
            return f.latest(f.topics.summaries(), f.serdes.summaries());
        }
    }
}
