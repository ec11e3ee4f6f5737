package io.migscope.streams.wave;

import io.migscope.avro.CapacityHeld;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.WaveMember;
import io.migscope.avro.WaveStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A wave status is both the aggregate and the contribution: a summary contributes one member, a disk straggler one
 * capacity-held entry, and {@link #merge} unions them (idempotent, so a re-delivered summary changes nothing).
 * {@link WaveFigures#derive} turns the members into the figures that go out.
 */
public final class Waves {
    private Waves() {
    }

    public static WaveStatus empty() {
        return WaveStatus.newBuilder().setWaveId("").setQueueWaitSketch(ByteBuffer.allocate(0)).build();
    }

    /** One ended migration as a wave contribution. */
    public static WaveStatus of(MigrationSummary s) {
        WaveMember m = WaveMember.newBuilder().setMigrationId(s.getMigrationId()).setVm(s.getVm())
                .setCluster(s.getCluster()).setSourceNode(s.getSourceHost()).setOutcome(s.getOutcome())
                .setRequestedUs(s.getRequestedAtUs()).setStartedUs(s.getStartedAtUs()).setEndedUs(s.getCompletedAtUs())
                .build();
        return WaveStatus.newBuilder(empty()).setLabel(s.getWave()).setCluster(s.getCluster())
                .setMembers(List.of(m)).setUpdatedUs(s.getCompletedAtUs() == null ? 0L : s.getCompletedAtUs()).build();
    }

    /** One capacity-held finding as a wave contribution. */
    public static WaveStatus of(CapacityHeld held, String label, String cluster) {
        return WaveStatus.newBuilder(empty()).setLabel(label).setCluster(cluster).setCapacityHeld(List.of(held))
                .setUpdatedUs(held.getUntilUs() == null ? held.getSinceUs() + held.getHeldMs() * 1000 : held.getUntilUs())
                .build();
    }

    /** The union of two wave states; at most {@code maxMembers} members are kept, the rest only counted. */
    public static WaveStatus merge(WaveStatus a, WaveStatus b, int maxMembers) {
        Map<String, WaveMember> members = new LinkedHashMap<>();
        a.getMembers().forEach(m -> members.put(m.getMigrationId(), m));
        int dropped = a.getMembersDropped() + b.getMembersDropped();
        for (WaveMember m : b.getMembers()) {
            if (members.containsKey(m.getMigrationId()) || members.size() < maxMembers) {
                members.put(m.getMigrationId(), m);
            } else {
                dropped++;
            }
        }
        Map<String, CapacityHeld> held = new LinkedHashMap<>();
        a.getCapacityHeld().forEach(h -> held.merge(heldKey(h), h, Waves::later));
        b.getCapacityHeld().forEach(h -> held.merge(heldKey(h), h, Waves::later));
        return WaveStatus.newBuilder(a)
                .setLabel(a.getLabel() != null ? a.getLabel() : b.getLabel())
                .setCluster(a.getCluster() != null ? a.getCluster() : b.getCluster())
                .setMembers(new ArrayList<>(members.values())).setMembersDropped(dropped)
                .setCapacityHeld(new ArrayList<>(held.values()))
                .setUpdatedUs(Math.max(a.getUpdatedUs(), b.getUpdatedUs())).build();
    }

    private static String heldKey(CapacityHeld h) {
        return h.getVm() + "|" + h.getMigrationId() + "|" + h.getDisk();
    }

    /** The finished finding wins over a still-running one; otherwise the longer hold. */
    private static CapacityHeld later(CapacityHeld x, CapacityHeld y) {
        if ((x.getUntilUs() == null) != (y.getUntilUs() == null)) {
            return x.getUntilUs() != null ? x : y;
        }
        return y.getHeldMs() >= x.getHeldMs() ? y : x;
    }
}
