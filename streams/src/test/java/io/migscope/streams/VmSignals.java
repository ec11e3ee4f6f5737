package io.migscope.streams;

import io.migscope.avro.CaptureEnd;
import io.migscope.avro.CaptureScope;
import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationLimits;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.avro.Platform;
import io.migscope.avro.ProbeBatch;
import io.migscope.signals.ProbeBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hand-made signals for the v2 tests that need one exact situation: events carrying the canonical phase marks an
 * adapter sets (the timeline reads nothing else), probe batches of one second, capture ends.
 */
final class VmSignals {
    static final long T = 1_790_000_000_000_000L;
    static final long S = 1_000_000L;
    static final long GIB = 1L << 30;

    private VmSignals() {
    }

    /**
     * A QMP-like event of a migration of {@code vm} from node-1 to node-2 marking {@code phases} at its own time;
     * {@code migrationId} is the platform's id, or null for a source without one.
     */
    static MigrationEvent.Builder event(String vm, String migrationId, String eventId, long atUs,
                                        MigrationPhase... phases) {
        List<PhaseMark> marks = new ArrayList<>();
        for (MigrationPhase p : phases) {
            marks.add(PhaseMark.newBuilder().setPhase(p).setAtUs(atUs).build());
        }
        return MigrationEvent.newBuilder().setEventId(eventId).setEventTimeUs(atUs).setPlatform(Platform.QEMU)
                .setSourceFormat("qmp").setKind(EventKind.STATUS).setVm(vm).setMigrationId(migrationId)
                .setHost("node-1").setRole("source").setSourceHost("node-1").setTargetHost("node-2")
                .setPhases(marks);
    }

    static MigrationEvent started(String vm, String migrationId, long atUs) {
        return event(vm, migrationId, vm + "/" + migrationId + "/start@" + atUs, atUs, MigrationPhase.PRECOPY).build();
    }

    static MigrationEvent completed(String vm, String migrationId, long atUs) {
        return event(vm, migrationId, vm + "/" + migrationId + "/done@" + atUs, atUs, MigrationPhase.COMPLETED)
                .build();
    }

    /** A pass with 1 GiB of guest memory, {@code remaining} left and a platform deadline of {@code perGibS} per GiB. */
    static MigrationEvent pass(String vm, String migrationId, long atUs, long remaining, long perGibS) {
        return event(vm, migrationId, vm + "/" + migrationId + "/pass@" + atUs, atUs, MigrationPhase.PRECOPY)
                .setKind(EventKind.PASS).setPass(1)
                .setStats(MigrationStats.newBuilder().setRamRemainingBytes(remaining).setRamTotalBytes(GIB)
                        .setRamTransferredBytes(GIB - remaining).setBandwidthBytesPerSec(100_000_000L)
                        .setDirtyRateBytesPerSec(1_000_000L).build())
                .setLimits(MigrationLimits.newBuilder().setCompletionTimeoutPerGibS(perGibS).build()).build();
    }

    /** A hypervisor job that is not a migration (a save, a snapshot, ...), as libvirt reports it. */
    static MigrationEvent job(String vm, JobOperation op, long atUs) {
        return event(vm, null, vm + "/" + op + "@" + atUs, atUs, MigrationPhase.PRECOPY, MigrationPhase.COMPLETED)
                .setPlatform(Platform.LIBVIRT).setSourceFormat("virsh-event").setJob(op).build();
    }

    /**
     * One second of 100 ms probes of {@code vm} from {@code fromUs}, seq counting tenths of a second since
     * {@link #T}; probes in {@code dark} are lost.
     */
    static ProbeBatch second(String vm, long fromUs, Set<Long> dark) {
        List<PingSample> probes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long sent = fromUs + i * 100_000L;
            long seq = (sent - T) / 100_000L + 1_000;
            boolean lost = dark.contains(seq);
            probes.add(PingSample.newBuilder().setVm(vm).setTarget("10.0.0." + Math.abs(vm.hashCode() % 200))
                    .setSeq(seq).setSeqRaw((int) (seq % 65536)).setSentTimeUs(sent)
                    .setObservedTimeUs(sent + (lost ? 0 : 300)).setRttUs(lost ? null : 300L)
                    .setStatus(lost ? PingStatus.LOST : PingStatus.REPLY).setIntervalUs(100_000L).build());
        }
        return ProbeBatches.of(probes);
    }

    static CaptureEnd end(String vm, long endUs, CaptureScope scope) {
        return CaptureEnd.newBuilder().setVm(vm).setEndTimeUs(endUs).setScope(scope).setSource("test").build();
    }
}
