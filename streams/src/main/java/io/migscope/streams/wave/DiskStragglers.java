package io.migscope.streams.wave;

import io.migscope.avro.CapacityHeld;
import io.migscope.avro.DiskProgress;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.WaveStatus;
import io.migscope.streams.state.StateBytes;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Seed 004: a VM keeps its whole migration slot until its slowest disk is done. From per-disk progress on the
 * events (keyed by VM), this finds a VM whose disks are all done but one for longer than the threshold, and emits
 * a capacity-held contribution for its wave when the threshold is crossed and again when the hold ends.
 * State is one small entry per VM with a migration in progress, deleted when the migration ends.
 */
final class DiskStragglers implements Processor<String, MigrationEvent, String, WaveStatus> {
    static final String STORE = "wave-disk-stragglers-store";

    private final long thresholdUs;
    private ProcessorContext<String, WaveStatus> context;
    private KeyValueStore<String, byte[]> store;

    DiskStragglers(WaveSettings settings) {
        this.thresholdUs = settings.capacityHeldAfter().toNanos() / 1000;
    }

    static StoreBuilder<KeyValueStore<String, byte[]>> store() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray());
    }

    @Override
    public void init(ProcessorContext<String, WaveStatus> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, MigrationEvent> record) {
        MigrationEvent e = record.value();
        if (e == null) {
            return;
        }
        String vm = e.getVm();
        byte[] stored = store.get(vm);
        Straggler s = stored == null ? null : Straggler.read(stored);
        if (s == null || (e.getMigrationId() != null && s.migrationId != null && !e.getMigrationId().equals(s.migrationId))) {
            s = new Straggler(e.getMigrationId(), e.getWave(), e.getCluster(), e.getEventTimeUs());
        }
        s.absorb(e);
        long now = e.getEventTimeUs();
        if (terminal(e)) {
            end(vm, s, now);
            store.delete(vm);
            return;
        }
        onDisks(vm, s, e.getDisks(), now);
        store.put(vm, s.write());
    }

    private void onDisks(String vm, Straggler s, List<DiskProgress> disks, long now) {
        if (disks.size() < 2) {
            return;
        }
        List<DiskProgress> pending = disks.stream().filter(d -> !d.getDone()).toList();
        if (pending.size() == 1) {
            String disk = pending.get(0).getDisk();
            if (!disk.equals(s.disk)) {
                s.disk = disk;
                s.sinceUs = now;
                s.disks = disks.size();
                s.flagged = false;
            }
            if (!s.flagged && now - s.sinceUs >= thresholdUs) {
                s.flagged = true;
                emit(vm, s, now, null);
            }
        } else {
            end(vm, s, now);
        }
    }

    /** The hold ends: the last disk finished, the migration ended, or more disks are pending again. */
    private void end(String vm, Straggler s, long now) {
        if (s.disk != null && now - s.sinceUs >= thresholdUs) {
            emit(vm, s, now, now);
        }
        s.disk = null;
        s.flagged = false;
    }

    private void emit(String vm, Straggler s, long now, Long untilUs) {
        CapacityHeld held = CapacityHeld.newBuilder().setVm(vm).setMigrationId(s.migrationId).setDisk(s.disk)
                .setDisks(s.disks).setSinceUs(s.sinceUs).setUntilUs(untilUs).setHeldMs((now - s.sinceUs) / 1000).build();
        // Placed at the migration's first event, so it joins the batch its request belongs to.
        context.forward(new Record<>(WaveKeys.of(s.wave, s.cluster), Waves.of(held, s.wave, s.cluster), s.firstSeenUs / 1000));
    }

    /** The event says the migration ended: an outcome mark. */
    private static boolean terminal(MigrationEvent e) {
        return io.migscope.streams.assign.VmMigrationsLogic.endUs(e) != null;
    }

    /** Per-VM state: which migration, and which disk is the straggler since when. */
    private static final class Straggler {
        private static final int VERSION = 1;
        String migrationId;
        String wave;
        String cluster;
        long firstSeenUs;
        String disk;
        long sinceUs;
        int disks;
        boolean flagged;

        Straggler(String migrationId, String wave, String cluster, long firstSeenUs) {
            this.migrationId = migrationId;
            this.wave = wave;
            this.cluster = cluster;
            this.firstSeenUs = firstSeenUs;
        }

        void absorb(MigrationEvent e) {
            // Raw sources may not name a wave or cluster: keep what is known, never fail on a missing label.
            migrationId = migrationId != null ? migrationId : e.getMigrationId();
            wave = wave != null ? wave : e.getWave();
            cluster = cluster != null ? cluster : e.getCluster();
            firstSeenUs = Math.min(firstSeenUs, e.getEventTimeUs());
        }

        byte[] write() {
            return StateBytes.write(out -> {
                out.writeByte(VERSION);
                StateBytes.writeNullableString(out, migrationId);
                StateBytes.writeNullableString(out, wave);
                StateBytes.writeNullableString(out, cluster);
                out.writeLong(firstSeenUs);
                StateBytes.writeNullableString(out, disk);
                out.writeLong(sinceUs);
                out.writeInt(disks);
                out.writeBoolean(flagged);
            });
        }

        static Straggler read(byte[] bytes) {
            return StateBytes.read(bytes, "disk straggler", in -> {
                StateBytes.checkVersion(in, VERSION, "disk straggler");
                Straggler s = new Straggler(StateBytes.readNullableString(in), StateBytes.readNullableString(in),
                        StateBytes.readNullableString(in), in.readLong());
                s.disk = StateBytes.readNullableString(in);
                s.sinceUs = in.readLong();
                s.disks = in.readInt();
                s.flagged = in.readBoolean();
                return s;
            });
        }
    }
}
