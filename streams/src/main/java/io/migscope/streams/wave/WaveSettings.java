package io.migscope.streams.wave;

import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import java.time.Duration;

/**
 * How waves are formed and judged.
 *
 * @param limitPerCluster   in-flight limit per cluster (KubeVirt parallelMigrationsPerCluster, default 5)
 * @param limitPerNode      outbound in-flight limit per source node (KubeVirt default 2)
 * @param batchGap          unlabelled requests of one cluster closer than this belong to one wave
 * @param capacityHeldAfter all disks done but one for this long flags the VM as holding capacity
 * @param batchLateness     how long after a batch's last request its ended migrations may still arrive: a summary
 *                          is emitted when a migration ends, long after the request that placed it in the batch
 * @param maxMembers        state bound: migrations kept per wave for the concurrency sweep
 */
public record WaveSettings(int limitPerCluster, int limitPerNode, Duration batchGap, Duration capacityHeldAfter,
                           Duration batchLateness, int maxMembers) {
    /** Well above seed 000's 3,200-VM wave; a member costs about 100 bytes of state. */
    public static final int DEFAULT_MAX_MEMBERS = 20_000;

    public static WaveSettings from(MigscopeConfig config) {
        return new WaveSettings(config.getInt(Keys.LIMIT_PER_CLUSTER), config.getInt(Keys.LIMIT_PER_NODE),
                config.getDuration(Keys.WAVE_BATCH_GAP), config.getDuration(Keys.CAPACITY_HELD_AFTER),
                config.getDuration(Keys.WAVE_BATCH_LATENESS), DEFAULT_MAX_MEMBERS);
    }

    public static WaveSettings defaults() {
        return from(MigscopeConfig.defaults());
    }
}
