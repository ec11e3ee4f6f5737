package io.migscope.streams.convergence;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationLimits;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;

/**
 * A physical pre-copy played at 1 s resolution, as QEMU's query-migrate would show it: within a pass remaining
 * drains at the bandwidth, at each dirty-bitmap sync it becomes what the guest dirtied during the pass. The
 * throttle for pass k comes from {@code throttleForPass}; it scales the dirty rate by (1 - p).
 */
final class PrecopyRun {
    static final long T0 = 1_700_000_000_000_000L;
    static final long GIB = 1L << 30;

    final long memory;
    final double bandwidth;
    final double dirtyUnthrottled;
    final IntUnaryOperator throttleForPass;
    final double noise;
    final boolean autoConverge;

    PrecopyRun(long memory, double bandwidth, double dirty, IntUnaryOperator throttleForPass, double noise,
               boolean autoConverge) {
        this.memory = memory;
        this.bandwidth = bandwidth;
        this.dirtyUnthrottled = dirty;
        this.throttleForPass = throttleForPass;
        this.noise = noise;
        this.autoConverge = autoConverge;
    }

    /** Events until pre-copy fits in 300 ms or {@code maxSeconds} pass; the first carries the limits. */
    List<MigrationEvent> events(int maxSeconds, long seed) {
        Random rnd = new Random(seed);
        List<MigrationEvent> out = new ArrayList<>();
        MigrationLimits limits = MigrationLimits.newBuilder().setDowntimeLimitMs(300L)
                .setCapabilities(autoConverge ? List.of("auto-converge", "events") : List.of("events")).build();
        out.add(MigrationEvent.newBuilder().setEventId("setup").setEventTimeUs(T0).setPlatform(Platform.QEMU)
                .setSourceFormat("qmp").setKind(EventKind.STATUS).setStatus("setup").setVm("vm-1")
                .setLimits(limits).setVmMemoryBytes(memory).build());
        double remaining = memory;
        double dirtiedThisPass = 0;
        int pass = 1;
        for (int s = 1; s <= maxSeconds; s++) {
            int throttle = throttleForPass.applyAsInt(pass);
            double dirty = dirtyUnthrottled * (1 - throttle / 100.0) * (1 + noise * rnd.nextGaussian());
            double bw = bandwidth * (1 + noise * rnd.nextGaussian());
            double sent = Math.min(remaining, bw);
            remaining -= sent;
            dirtiedThisPass += dirty * Math.max(sent / bw, 0.0);
            if (remaining <= 0.3 * bw) {
                if (dirtiedThisPass <= 0.3 * bw) {
                    return out;
                }
                remaining = Math.min(memory, dirtiedThisPass);
                dirtiedThisPass = 0;
                pass++;
            }
            out.add(stats(s, pass, (long) remaining, (long) dirty, (long) bw, throttle));
        }
        return out;
    }

    private MigrationEvent stats(int second, int pass, long remaining, long dirty, long bw, int throttle) {
        MigrationStats st = MigrationStats.newBuilder().setRamRemainingBytes(remaining).setRamTotalBytes(memory)
                .setDirtyRateBytesPerSec(dirty).setBandwidthBytesPerSec(bw).setDirtySyncCount((long) pass)
                .setCpuThrottlePercent(throttle == 0 ? null : throttle).build();
        return MigrationEvent.newBuilder().setEventId("s" + second).setEventTimeUs(T0 + second * 1_000_000L)
                .setPlatform(Platform.QEMU).setSourceFormat("qmp").setKind(EventKind.STATS).setStatus("active")
                .setVm("vm-1").setStats(st).build();
    }
}
