package io.migscope.streams.timeline;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.PassPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One point per pre-copy pass. The pass starts at the strongest source's earliest event for it; its numbers come
 * from the strongest source's latest statistics in that pass (the state just before the next dirty-bitmap sync).
 */
final class PassPoints {
    private PassPoints() {
    }

    /** The pass an event belongs to: its own pass, else libvirt's memory_iteration, else QEMU's dirty-sync count. */
    static Long passOf(MigrationEvent e) {
        if (e.getPass() != null) {
            return (long) e.getPass();
        }
        MigrationStats s = e.getStats();
        if (s == null) {
            return null;
        }
        return s.getMemoryIteration() != null ? s.getMemoryIteration() : s.getDirtySyncCount();
    }

    static List<PassPoint> of(List<MigrationEvent> events) {
        Map<Long, MigrationEvent> start = new TreeMap<>();
        Map<Long, MigrationEvent> stats = new TreeMap<>();
        for (MigrationEvent e : events) {
            Long pass = passOf(e);
            if (pass == null || pass < 1) {
                continue;
            }
            MigrationEvent s = start.get(pass);
            if (s == null || stronger(e, s) || (rank(e) == rank(s) && e.getEventTimeUs() < s.getEventTimeUs())) {
                start.put(pass, e);
            }
            if (e.getStats() != null) {
                MigrationEvent t = stats.get(pass);
                if (t == null || stronger(e, t) || (rank(e) == rank(t) && e.getEventTimeUs() >= t.getEventTimeUs())) {
                    stats.put(pass, e);
                }
            }
        }
        List<PassPoint> out = new ArrayList<>();
        start.forEach((pass, e) -> out.add(point(pass, e, stats.get(pass))));
        return out;
    }

    private static PassPoint point(long pass, MigrationEvent start, MigrationEvent withStats) {
        PassPoint.Builder b = PassPoint.newBuilder().setPass((int) pass).setTimeUs(start.getEventTimeUs())
                .setSource(TimelineBuilder.sourceOf(start));
        if (withStats != null) {
            MigrationStats s = withStats.getStats();
            b.setRemainingBytes(s.getRamRemainingBytes() != null ? s.getRamRemainingBytes() : s.getDataRemainingBytes())
                    .setDirtyRateBytesPerSec(s.getDirtyRateBytesPerSec())
                    .setBandwidthBytesPerSec(s.getBandwidthBytesPerSec()).setThrottlePercent(s.getCpuThrottlePercent());
        }
        return b.build();
    }

    private static boolean stronger(MigrationEvent a, MigrationEvent b) {
        return rank(a) < rank(b);
    }

    private static int rank(MigrationEvent e) {
        return Precedence.hypervisorRank(e.getPlatform());
    }
}
