package io.migscope.streams.summary;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Out-of-order arrival within the grace period, and duplicates, must not change any output. */
class OrderIndependenceProperties {
    private static final Scenario.Result IN_ORDER = Scenario.fold(Scenario.events(), Scenario.probes());

    /**
     * Each record arrives at its event time plus a random delay below the grace period; some arrive twice.
     */
    static <T> List<T> arrive(List<T> records, ToLongFunction<T> timeUs, long graceUs, int duplicatePercent,
                              Random rnd) {
        List<long[]> arrival = new ArrayList<>();
        List<T> all = new ArrayList<>();
        for (T r : records) {
            int copies = rnd.nextInt(100) < duplicatePercent ? 2 : 1;
            for (int c = 0; c < copies; c++) {
                arrival.add(new long[] {timeUs.applyAsLong(r) + (long) (rnd.nextDouble() * graceUs), all.size()});
                all.add(r);
            }
        }
        arrival.sort(Comparator.comparingLong((long[] a) -> a[0]).thenComparingLong(a -> a[1]));
        List<T> out = new ArrayList<>();
        arrival.forEach(a -> out.add(all.get((int) a[1])));
        return out;
    }

    @Property(tries = 200)
    void shuffledWithinGraceAndDuplicatedGivesIdenticalResults(@ForAll long seed,
                                                               @ForAll @LongRange(min = 0, max = 30_000_000) long graceUs,
                                                               @ForAll @IntRange(min = 0, max = 50) int duplicatePercent) {
        Random rnd = new Random(seed);
        List<MigrationEvent> events = arrive(Scenario.events(), MigrationEvent::getEventTimeUs, graceUs,
                duplicatePercent, rnd);
        List<PingSample> probes = arrive(Scenario.probes(), PingSample::getObservedTimeUs, graceUs, duplicatePercent,
                rnd);

        Scenario.Result shuffled = Scenario.fold(events, probes);

        assertThat(shuffled.timeline()).isEqualTo(IN_ORDER.timeline());
        assertThat(shuffled.downtime()).isEqualTo(IN_ORDER.downtime());
        assertThat(shuffled.summary()).isEqualTo(IN_ORDER.summary());
    }
}
