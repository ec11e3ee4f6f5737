package io.migscope.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The heap figures of a real G1 log (see src/test/resources/bench/README.md). */
class GcLogTest {

    @Test
    void readsThePeakBeforeAPauseTheLargestRemainderAndTheFullPauses() throws IOException {
        GcLog.Heap heap = GcLog.read(fixture());
        // GC(39) "62M->62M(64M)" is both the most in use before a pause and the most left after one (to-space
        // exhausted); the exit summary's "used 20296K" is below it; "total 65536K" is the 64 MB of -Xmx64m.
        assertThat(heap.peakMb()).isEqualTo(62.0);
        assertThat(heap.afterGcPeakMb()).isEqualTo(62.0);
        assertThat(heap.capacityMb()).isEqualTo(64.0);
        assertThat(heap.pauses()).isEqualTo(42);
        assertThat(heap.fullPauses()).isEqualTo(2);
    }

    @Test
    void theExitSummaryCountsWhenTheHeapGrewAfterTheLastPause() {
        GcLog.Heap heap = GcLog.read(List.of(
                "[2.654s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 30M->11M(64M) 64.088ms",
                "[3.080s][info][gc,heap,exit]  garbage-first heap   total 65536K, used 45056K [0x00000000fc000000,"
                        + " 0x0000000100000000)"));
        assertThat(heap.peakMb()).isEqualTo(44.0);
        assertThat(heap.afterGcPeakMb()).isEqualTo(11.0);
        assertThat(heap.fullPauses()).isZero();
    }

    @Test
    void aLogWithoutPausesHasNoFigures() {
        GcLog.Heap heap = GcLog.read(List.of("[0.018s][info][gc] Using G1"));
        assertThat(heap.peakMb()).isZero();
        assertThat(heap.pauses()).isZero();
    }

    /** Every line cut short at every length, and its digits blown up: never an exception, never a negative figure. */
    @Test
    void mutatedLinesNeverThrow() throws IOException {
        List<String> mutated = new ArrayList<>();
        for (String line : fixture()) {
            for (int i = 0; i <= line.length(); i++) {
                mutated.add(line.substring(0, i));
            }
            mutated.add(line.replaceAll("\\d+([KMG])", "99999999999999999999$1"));
            mutated.add(line.replace("M", "T"));
        }
        assertThatCode(() -> GcLog.read(mutated)).doesNotThrowAnyException();
        GcLog.Heap heap = GcLog.read(mutated);
        assertThat(heap.peakMb()).isGreaterThanOrEqualTo(heap.afterGcPeakMb()).isGreaterThanOrEqualTo(0);
    }

    private static List<String> fixture() throws IOException {
        try (InputStream in = GcLogTest.class.getResourceAsStream("/bench/g1-jdk17.gc.log")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
