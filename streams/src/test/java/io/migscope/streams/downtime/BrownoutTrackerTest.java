package io.migscope.streams.downtime;

import static io.migscope.streams.downtime.Probes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.DowntimeReport;
import io.migscope.streams.state.StateBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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

    @Test
    void storedSamplesTakeAFewBytesEachAndReadBackTheSame() throws IOException {
        BrownoutTracker b = new BrownoutTracker(DowntimeSettings.defaults());
        for (long seq = 0; seq < 600; seq++) {
            b.onReply(seq, T0 + seq * 103_000 + seq % 7, 250 + seq % 13 * 40);
        }
        b.setWindow(T0 + 50_000_000, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        b.write(new DataOutputStream(bytes));
        BrownoutTracker copy = BrownoutTracker.read(in(bytes), DowntimeSettings.defaults());

        assertThat(bytes.size()).isLessThan(600 * 8);
        assertThat(copy.baselineUs()).isNotNull().isEqualTo(b.baselineUs());
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        copy.write(new DataOutputStream(again));
        assertThat(again.toByteArray()).isEqualTo(bytes.toByteArray());
    }

    @Test
    void readsTheFixedWidthStateOfVersionOne() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        StateBytes.writeNullableLong(out, T0 + 1_000_000);
        StateBytes.writeNullableLong(out, null);
        out.writeLong(T0 + 200_000);
        out.writeInt(3);
        for (int i = 0; i < 3; i++) {
            out.writeLong(i);
            out.writeLong(T0 + i * 100_000L);
            out.writeLong(300 + i * 100L);
        }
        BrownoutTracker b = BrownoutTracker.read(in(bytes), DowntimeSettings.defaults());

        assertThat(b.baselineUs()).isEqualTo(400L);
    }

    private static DataInputStream in(ByteArrayOutputStream bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }
}
