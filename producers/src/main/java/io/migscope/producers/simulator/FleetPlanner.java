package io.migscope.producers.simulator;

import io.migscope.avro.Platform;
import java.util.BitSet;
import java.util.SplittableRandom;

/** Draws every VM of the wave from the spec's seed, runs its physics, and schedules it. */
final class FleetPlanner {
    /** An idle guest kernel dirties about 1 MB/s (timers, page cache, logging). */
    static final long IDLE_DIRTY_BYTES_PER_SEC = 1_000_000;
    /** Fitted to seed 001: migration time = transfer + 2.0 s + 0.23 s per GiB of RAM. */
    static final long SETUP_BASE_US = 2_000_000;
    static final long SETUP_PER_GIB_US = 110_000;
    /** QEMU scans untouched RAM for zero pages during pass 1 (about 9 GB/s). */
    static final long ZERO_SCAN_PER_GIB_US = 120_000;
    /** Stressed guests in a non-hybrid pre-copy still converge, slowly: stress dirties 30 % of the link. */
    static final double STRESS_PRECOPY_DIRTY_SHARE = 0.3;

    private final SimulationSpec spec;

    private FleetPlanner(SimulationSpec spec) {
        this.spec = spec;
    }

    static Migration[] plan(SimulationSpec spec) {
        return new FleetPlanner(spec).planAll();
    }

    private Migration[] planAll() {
        SplittableRandom root = new SplittableRandom(spec.seed());
        BitSet nonConverging = chooseNonConverging(root.split());
        Migration[] out = new Migration[spec.vms()];
        for (int i = 0; i < out.length; i++) {
            out[i] = planOne(i, root.split(), nonConverging.get(i));
        }
        Scheduler.schedule(spec, out, root.split());
        return out;
    }

    private BitSet chooseNonConverging(SplittableRandom rng) {
        BitSet set = new BitSet(spec.vms());
        if (!spec.profiles().isEmpty() || spec.nonConvergingFraction() <= 0) {
            return set;
        }
        int count = (int) Math.max(1, Math.round(spec.nonConvergingFraction() * spec.vms()));
        while (set.cardinality() < count) {
            set.set(rng.nextInt(spec.vms()));
        }
        return set;
    }

    private VmProfile profileOf(int i, SplittableRandom rng, boolean nonConverging) {
        if (!spec.profiles().isEmpty()) {
            return spec.profiles().get(i % spec.profiles().size());
        }
        Flavor flavor = drawFlavor(rng);
        return nonConverging ? VmProfile.nonConverging(flavor) : VmProfile.idle(flavor);
    }

    private Flavor drawFlavor(SplittableRandom rng) {
        int total = 0;
        for (int w : spec.flavorMix().values()) {
            total += w;
        }
        int pick = rng.nextInt(total);
        for (Flavor f : Flavor.values()) {
            pick -= spec.flavorMix().getOrDefault(f, 0);
            if (pick < 0) {
                return f;
            }
        }
        throw new IllegalStateException("flavour weights changed while drawing: " + spec.flavorMix());
    }

    private Migration planOne(int i, SplittableRandom rng, boolean nonConverging) {
        VmProfile profile = profileOf(i, rng, nonConverging);
        int clusterNo = i % spec.clusters();
        int nodes = spec.nodesPerCluster();
        int src = (i / spec.clusters()) % nodes;
        int dst = (src + 1 + rng.nextInt(nodes - 1)) % nodes;
        Migration.Builder b = new Migration.Builder();
        b.index = i;
        b.vm = String.format("vm-%05d", i + 1);
        b.cluster = "cluster-" + (clusterNo + 1);
        // The wave label keeps ids unique across waves and demo runs that share the same topics.
        b.migrationId = spec.wave() + String.format("-mig-%06d", i + 1);
        b.sourceNode = src;
        b.sourceHost = nodeName(clusterNo, src);
        b.targetHost = nodeName(clusterNo, dst);
        b.address = "10." + (clusterNo % 250) + "." + (i / 250 % 250) + "." + (i % 250 + 2);
        b.profile = profile;
        b.input = physics(profile, rng);
        b.requestedUs = spec.startTimeUs() + i * spec.requestSpacingUs();
        b.rttBaselineUs = 300 + rng.nextInt(301);
        b.settleUs = 10_000 + rng.nextInt(30_001);
        b.pingSeed = rng.nextLong();
        b.firstSeq = 1 + rng.nextInt(65_535);
        b.sourcePort = 32_768 + i % 28_000;
        b.targetPort = 49_152 + i % 64;
        return new Migration(b);
    }

    private String nodeName(int clusterNo, int node) {
        return String.format("node-%02d", clusterNo * spec.nodesPerCluster() + node + 1);
    }

    private ModelInput physics(VmProfile p, SplittableRandom rng) {
        if (p.platform() != Platform.SIMULATOR) {
            return PlatformModels.physics(p, spec, rng);
        }
        Flavor f = p.flavor();
        long bandwidth = spec.bandwidthBytesPerSec();
        long resident = Math.round(f.residentBytes() * (0.97 + 0.06 * rng.nextDouble()));
        long initial = resident + p.stressedBytes();
        long idleDirty = Math.round(IDLE_DIRTY_BYTES_PER_SEC * (0.8 + 0.4 * rng.nextDouble()));
        long dirty;
        long workingSet;
        if (!p.converging()) {
            dirty = Math.round(bandwidth * (1.0 + 0.08 * rng.nextDouble()));
            workingSet = initial;
        } else if (p.postCopy() && p.stressedBytes() > 0) {
            // stress rewrites its whole buffer faster than one pass can copy it: all of it is dirty again
            dirty = idleDirty + 2 * bandwidth;
            workingSet = p.stressedBytes();
        } else if (p.stressedBytes() > 0) {
            dirty = idleDirty + Math.round(bandwidth * STRESS_PRECOPY_DIRTY_SHARE);
            workingSet = initial;
        } else {
            dirty = idleDirty;
            workingSet = resident;
        }
        long setupUs = Math.round((SETUP_BASE_US + SETUP_PER_GIB_US * f.ramGib()) * (0.95 + 0.1 * rng.nextDouble()));
        long untouched = Math.max(0, f.ramBytes() - initial);
        long zeroScanUs = Math.round((double) untouched / Flavor.GIB * ZERO_SCAN_PER_GIB_US);
        // KubeVirt: completionTimeoutPerGiB times the memory in GiB (no local disks here)
        long completionUs = spec.completionTimeoutPerGibS() * 1_000_000L * f.ramBytes() / Flavor.GIB;
        return new ModelInput(f.ramBytes(), initial, workingSet, dirty, bandwidth, spec.downtimeLimitMs() * 1_000,
            setupUs, zeroScanUs, f.deviceStateUs(), p.postCopy(), completionUs, spec.progressTimeoutS() * 1_000_000L,
            ModelInput.StopRule.DOWNTIME_LIMIT, false, 0, 0);
    }
}
