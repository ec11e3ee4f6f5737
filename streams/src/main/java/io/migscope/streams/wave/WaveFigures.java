package io.migscope.streams.wave;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.migscope.avro.CapacityHeld;
import io.migscope.avro.WaveConcurrency;
import io.migscope.avro.WaveMember;
import io.migscope.avro.WaveStatus;
import io.migscope.streams.rollup.Sketches;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/** The figures of a wave, computed from its members each time it changes. */
public final class WaveFigures {
    private static final long MINUTE_US = 60_000_000L;

    private WaveFigures() {
    }

    /** The status that goes out: every figure derived from the members, and the members themselves left out. */
    public static WaveStatus derive(WaveStatus state, String waveId, WaveSettings settings) {
        List<WaveMember> members = state.getMembers();
        WaveStatus.Builder out = WaveStatus.newBuilder(state).setWaveId(waveId).setMembers(List.of())
                .setVms(members.size() + state.getMembersDropped())
                .setCompleted(count(members, "completed")).setFailed(count(members, "failed"))
                .setAborted(count(members, "aborted") + count(members, "cancelled"))
                .setCluster(singleCluster(members))
                .setFirstRequestedUs(min(members, WaveMember::getRequestedUs))
                .setFirstStartedUs(min(members, WaveMember::getStartedUs))
                .setLastEndedUs(max(members, WaveMember::getEndedUs))
                .setCapacityHeldMs(state.getCapacityHeld().stream().mapToLong(CapacityHeld::getHeldMs).sum());
        rates(out);
        queueWaits(out, members);
        concurrency(out, members, settings);
        out.setMinutes(WaveMinutes.of(members));
        return out.build();
    }

    private static void rates(WaveStatus.Builder out) {
        Long first = out.getFirstRequestedUs() != null ? out.getFirstRequestedUs() : out.getFirstStartedUs();
        if (first == null || out.getLastEndedUs() == null || out.getLastEndedUs() <= first) {
            return;
        }
        long durationUs = out.getLastEndedUs() - first;
        out.setDurationMs(durationUs / 1000);
        out.setSecondsPerVm(durationUs / 1e6 / out.getVms());
        out.setMigrationsPerMinute(out.getVms() / ((double) durationUs / MINUTE_US));
    }

    private static void queueWaits(WaveStatus.Builder out, List<WaveMember> members) {
        DDSketch waits = Sketches.empty();
        for (WaveMember m : members) {
            if (m.getRequestedUs() != null && m.getStartedUs() != null && m.getStartedUs() >= m.getRequestedUs()) {
                waits.accept((m.getStartedUs() - m.getRequestedUs()) / 1000.0);
            }
        }
        out.setQueueWaitP50Ms(Sketches.quantile(waits, 0.5)).setQueueWaitP95Ms(Sketches.quantile(waits, 0.95))
                .setQueueWaitMaxMs(Sketches.max(waits)).setQueueWaitSketch(ByteBuffer.wrap(Sketches.encode(waits)));
    }

    private static void concurrency(WaveStatus.Builder out, List<WaveMember> members, WaveSettings settings) {
        List<WaveConcurrency> scopes = new ArrayList<>();
        scopes.addAll(perScope("cluster", members, WaveMember::getCluster, settings.limitPerCluster()));
        scopes.addAll(perScope("node", members, WaveMember::getSourceNode, settings.limitPerNode()));
        out.setConcurrency(scopes);
        out.setPeakInFlight(Sweep.of(transfers(members), 0).peak());
    }

    private static List<WaveConcurrency> perScope(String scope, List<WaveMember> members,
                                                  Function<WaveMember, String> name, int limit) {
        Map<String, List<WaveMember>> byName = new TreeMap<>();
        for (WaveMember m : members) {
            byName.computeIfAbsent(Objects.requireNonNullElse(name.apply(m), "unknown"), k -> new ArrayList<>()).add(m);
        }
        List<WaveConcurrency> out = new ArrayList<>();
        byName.forEach((n, ms) -> {
            Sweep.Result r = Sweep.of(transfers(ms), limit);
            out.add(WaveConcurrency.newBuilder().setScope(scope).setName(n).setLimit(limit)
                    .setPeakInFlight(r.peak()).setAtLimitMs(r.atLimit() / 1000).setOverLimitMs(r.overLimit() / 1000).build());
        });
        return out;
    }

    /** A migration is in flight, holding a slot, from its start to its end. */
    static List<long[]> transfers(List<WaveMember> members) {
        List<long[]> out = new ArrayList<>();
        for (WaveMember m : members) {
            if (m.getStartedUs() != null && m.getEndedUs() != null) {
                out.add(new long[] {m.getStartedUs(), m.getEndedUs()});
            }
        }
        return out;
    }

    private static int count(List<WaveMember> members, String outcome) {
        return (int) members.stream().filter(m -> outcome.equals(m.getOutcome())).count();
    }

    private static String singleCluster(List<WaveMember> members) {
        List<String> clusters = members.stream().map(WaveMember::getCluster).filter(Objects::nonNull).distinct().toList();
        return clusters.size() == 1 ? clusters.get(0) : null;
    }

    private static Long min(List<WaveMember> members, Function<WaveMember, Long> f) {
        return members.stream().map(f).filter(Objects::nonNull).min(Long::compare).orElse(null);
    }

    private static Long max(List<WaveMember> members, Function<WaveMember, Long> f) {
        return members.stream().map(f).filter(Objects::nonNull).max(Long::compare).orElse(null);
    }
}
