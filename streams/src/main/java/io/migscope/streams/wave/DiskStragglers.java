package io.migscope.streams.wave;

import io.migscope.avro.CapacityHeld;
import io.migscope.avro.DiskProgress;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.WaveStatus;
import io.migscope.avro.state.DiskStraggler;
import io.migscope.streams.state.StateSerdes;
import java.util.List;
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
    private KeyValueStore<String, DiskStraggler> store;

    DiskStragglers(WaveSettings settings) {
        this.thresholdUs = settings.capacityHeldAfter().toNanos() / 1000;
    }

    static StoreBuilder<KeyValueStore<String, DiskStraggler>> store(StateSerdes state) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                state.of(DiskStraggler.class)).withCachingEnabled();
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
        DiskStraggler s = store.get(vm);
        if (s == null || (e.getMigrationId() != null && s.getMigrationId() != null
                && !e.getMigrationId().equals(s.getMigrationId()))) {
            s = DiskStraggler.newBuilder().setMigrationId(e.getMigrationId()).setWave(e.getWave())
                    .setCluster(e.getCluster()).setFirstSeenUs(e.getEventTimeUs()).build();
        }
        absorb(s, e);
        long now = e.getEventTimeUs();
        if (terminal(e)) {
            end(vm, s, now);
            store.delete(vm);
            return;
        }
        onDisks(vm, s, e.getDisks(), now);
        store.put(vm, s);
    }

    private void onDisks(String vm, DiskStraggler s, List<DiskProgress> disks, long now) {
        if (disks.size() < 2) {
            return;
        }
        List<DiskProgress> pending = disks.stream().filter(d -> !d.getDone()).toList();
        if (pending.size() == 1) {
            String disk = pending.get(0).getDisk();
            if (!disk.equals(s.getDisk())) {
                s.setDisk(disk);
                s.setSinceUs(now);
                s.setDisks(disks.size());
                s.setFlagged(false);
            }
            if (!s.getFlagged() && now - s.getSinceUs() >= thresholdUs) {
                s.setFlagged(true);
                emit(vm, s, now, null);
            }
        } else {
            end(vm, s, now);
        }
    }

    /** The hold ends: the last disk finished, the migration ended, or more disks are pending again. */
    private void end(String vm, DiskStraggler s, long now) {
        if (s.getDisk() != null && now - s.getSinceUs() >= thresholdUs) {
            emit(vm, s, now, now);
        }
        s.setDisk(null);
        s.setFlagged(false);
    }

    private void emit(String vm, DiskStraggler s, long now, Long untilUs) {
        CapacityHeld held = CapacityHeld.newBuilder().setVm(vm).setMigrationId(s.getMigrationId()).setDisk(s.getDisk())
                .setDisks(s.getDisks()).setSinceUs(s.getSinceUs()).setUntilUs(untilUs)
                .setHeldMs((now - s.getSinceUs()) / 1000).build();
        // Placed at the migration's first event, so it joins the batch its request belongs to.
        context.forward(new Record<>(WaveKeys.of(s.getWave(), s.getCluster()),
                Waves.of(held, s.getWave(), s.getCluster()), s.getFirstSeenUs() / 1000));
    }

    /** The event says the migration ended: an outcome mark. */
    private static boolean terminal(MigrationEvent e) {
        return io.migscope.streams.assign.VmMigrationsLogic.endUs(e) != null;
    }

    /** The migration {@code e} belongs to, as known so far: raw sources may not name a wave or cluster on every event. */
    private static void absorb(DiskStraggler s, MigrationEvent e) {
        // Keep what is known, never fail on a missing label.
        if (s.getMigrationId() == null) {
            s.setMigrationId(e.getMigrationId());
        }
        if (s.getWave() == null) {
            s.setWave(e.getWave());
        }
        if (s.getCluster() == null) {
            s.setCluster(e.getCluster());
        }
        s.setFirstSeenUs(Math.min(s.getFirstSeenUs(), e.getEventTimeUs()));
    }
}
