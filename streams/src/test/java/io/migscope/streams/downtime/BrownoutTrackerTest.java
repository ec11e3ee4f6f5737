package io.migscope.streams.downtime;

import static io.migscope.streams.downtime.Probes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.DowntimeReport;
import org.junit.jupiter.api.Test;

class BrownoutTrackerTest {

    @Test
    void baselinePeakAndRecoveryAfterResume() {
        BlackoutTracker t = new BlackoutTracker(DowntimeSettings.defaults());
        long start = T0 + 30_000_000;
        long resume = T0 + 40_000_000;
        t.setMigrationWindow(start, resume);
        for (long seq = 0; seq < 600; seq++) {
            long sent = T0 + seq * 100_000;
            // 0.3 ms before; 5 ms right after resume, falling linearly to 0.3 ms over 4 s
            long rtt = sent < resume ? 300 : 5_000 - (sent - resume) * 4_700 / 4_000_000;
            t.onProbe(Probes.reply(seq, sent, Math.max(rtt, 300)));
        }
        DowntimeReport r = t.report("m", "vm-1", null, null, false);

        assertThat(r.getRttBaselineUs()).isEqualTo(300L);
        assertThat(r.getRttPeakAfterResumeUs()).isEqualTo(5_000L);
        // tolerance 0.3 * 1.5 + 0.5 = 0.95 ms: 1.005 ms at +3.4 s, 0.8875 ms at +3.5 s, then 5 probes in a row
        assertThat(r.getBrownoutMs()).isCloseTo(3500.0, within(0.001));
    }

    @Test
    void noStartNoBaseline() {
        BlackoutTracker t = new BlackoutTracker(DowntimeSettings.defaults());
        for (long seq = 0; seq < 50; seq++) {
            t.onProbe(Probes.reply(seq, T0 + seq * 100_000, 300));
        }
        assertThat(t.report("m", "vm-1", null, null, false).getRttBaselineUs()).isNull();
        t.setMigrationWindow(T0 + 3_000_000, null);
        assertThat(t.report("m", "vm-1", null, null, false).getRttBaselineUs()).isEqualTo(300L);
    }
}
