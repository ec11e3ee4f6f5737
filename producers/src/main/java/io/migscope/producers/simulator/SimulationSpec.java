package io.migscope.producers.simulator;

import io.migscope.avro.Platform;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that shapes a simulated fleet run. Build it with {@link #builder()}; the defaults are KubeVirt's
 * (5 parallel migrations per cluster, 2 outbound per node, 150 s per GiB, 150 s without progress) on the
 * 1 Gb/s links of seed 001.
 *
 * @param seed                     seeds java.util.SplittableRandom: the same spec always gives the same records
 * @param vms                      VMs in the wave, each migrated once
 * @param clusters                 clusters; VM i belongs to cluster i % clusters
 * @param nodesPerCluster          hosts per cluster, named node-01.. (numbered across clusters)
 * @param parallelismPerCluster    KubeVirt parallelMigrationsPerCluster (5; seed 000 raised it to 25)
 * @param outboundPerNode          KubeVirt parallelOutboundMigrationsPerNode (2)
 * @param bandwidthBytesPerSec     link speed per migration, bytes/s (1 Gb/s = 125,000,000 B/s)
 * @param nonConvergingFraction    share of VMs that never converge; when above 0 at least one VM does not
 * @param flavorMix                relative weights of the flavours for random VMs
 * @param profiles                 when not empty, VM i uses profiles[i % size] instead of random draws
 * @param startTimeUs              wave start, epoch microseconds
 * @param pingIntervalUs           probe interval (ping -i 0.1 = 100,000 us)
 * @param pingJitterUs             extra delay added to each interval, uniform 0..jitter (100-104 ms at 4,000)
 * @param pingTimeoutUs            how long after sending a lost probe is declared lost (observed_time_us)
 * @param baselineUs               probes before a migration starts
 * @param recoveryUs               probes after it ends
 * @param linkIntervalUs           iftop's block period (2 s)
 * @param downtimeLimitMs          QEMU downtime-limit: switch over once remaining/bandwidth is below it
 * @param completionTimeoutPerGibS KubeVirt completionTimeoutPerGiB; shorten it for a demo
 * @param progressTimeoutS         KubeVirt progressTimeout; shorten it for a demo
 * @param requestSpacingUs         gap between the REQUESTED events of consecutive VMs of the wave
 * @param wave                     campaign label written into every event
 * @param guestSamples             also make GuestSamples (TopicKind GUEST): the guest's own ms per GiB, seed 003
 */
public record SimulationSpec(
        long seed,
        int vms,
        int clusters,
        int nodesPerCluster,
        int parallelismPerCluster,
        int outboundPerNode,
        long bandwidthBytesPerSec,
        double nonConvergingFraction,
        Map<Flavor, Integer> flavorMix,
        List<VmProfile> profiles,
        long startTimeUs,
        long pingIntervalUs,
        long pingJitterUs,
        long pingTimeoutUs,
        long baselineUs,
        long recoveryUs,
        long linkIntervalUs,
        long downtimeLimitMs,
        long completionTimeoutPerGibS,
        long progressTimeoutS,
        long requestSpacingUs,
        String wave,
        boolean guestSamples) {

    /** 1 Gb/s in bytes per second: 10^9 bits / 8. */
    public static final long ONE_GBIT_BYTES_PER_SEC = 125_000_000L;

    @SuppressWarnings("checkstyle:ParameterNumber")
    public SimulationSpec(long seed,
            int vms,
            int clusters,
            int nodesPerCluster,
            int parallelismPerCluster,
            int outboundPerNode,
            long bandwidthBytesPerSec,
            double nonConvergingFraction,
            Map<Flavor, Integer> flavorMix,
            List<VmProfile> profiles,
            long startTimeUs,
            long pingIntervalUs,
            long pingJitterUs,
            long pingTimeoutUs,
            long baselineUs,
            long recoveryUs,
            long linkIntervalUs,
            long downtimeLimitMs,
            long completionTimeoutPerGibS,
            long progressTimeoutS,
            long requestSpacingUs,
            String wave,
            boolean guestSamples) {
        this.seed = seed;
        this.vms = vms;
        this.clusters = clusters;
        this.nodesPerCluster = nodesPerCluster;
        this.parallelismPerCluster = parallelismPerCluster;
        this.outboundPerNode = outboundPerNode;
        this.bandwidthBytesPerSec = bandwidthBytesPerSec;
        this.nonConvergingFraction = nonConvergingFraction;
        this.flavorMix = Map.copyOf(flavorMix);
        this.profiles = List.copyOf(profiles);
        this.startTimeUs = startTimeUs;
        this.pingIntervalUs = pingIntervalUs;
        this.pingJitterUs = pingJitterUs;
        this.pingTimeoutUs = pingTimeoutUs;
        this.baselineUs = baselineUs;
        this.recoveryUs = recoveryUs;
        this.linkIntervalUs = linkIntervalUs;
        this.downtimeLimitMs = downtimeLimitMs;
        this.completionTimeoutPerGibS = completionTimeoutPerGibS;
        this.progressTimeoutS = progressTimeoutS;
        this.requestSpacingUs = requestSpacingUs;
        this.wave = wave;
        this.guestSamples = guestSamples;
        // checked after assignment: a compact constructor would only assign the fields after its body
        SpecChecks.check(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A fleet for a 60 s real-time demo: 24 VMs on 6 nodes (all done after about 50 s), one non-converging VM that starts early, and
     * deadlines short enough (12 s per GiB, 20 s without progress) that its abort falls inside the minute.
     */
    public static SimulationSpec demo(long seed, long startTimeUs) {
        Flavor[] cycle = {Flavor.S, Flavor.M, Flavor.L, Flavor.XL, Flavor.M, Flavor.S};
        List<VmProfile> profiles = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            profiles.add(i == 1 ? VmProfile.nonConverging(Flavor.S) : VmProfile.idle(cycle[i % cycle.length]));
        }
        return builder().seed(seed).vms(24).nodesPerCluster(6).profiles(profiles).startTimeUs(startTimeUs)
            .baselineUs(3_000_000).recoveryUs(5_000_000).completionTimeoutPerGibS(12).progressTimeoutS(20)
            .wave("demo").build();
    }

    /**
     * Seed 000's scale: 6,000 VMs on 129 workers with parallel migrations raised to 25, and +-30 s of 10 Hz probes
     * around each migration (about 4M records; the wave takes about 33 minutes of event time, like seed 000's).
     */
    public static SimulationSpec seedScale(long seed, long startTimeUs) {
        return builder().seed(seed).vms(6_000).nodesPerCluster(129).parallelismPerCluster(25)
            .baselineUs(30_000_000).recoveryUs(30_000_000).startTimeUs(startTimeUs).requestSpacingUs(1_000)
            .wave("seed-scale").build();
    }

    /**
     * Seed 002's comparison: the same guests migrated by vSphere vMotion (cluster-1), XenServer (cluster-2) and
     * KVM/QEMU (cluster-3), each under the seed's loads: idle, CPU load (CLG 25-100 %), locked pages (LPG 256 MiB to
     * 1 GiB) and dirty pages (DPG buffers of 64-512 MiB), all on 4 GiB guests (flavour m), plus idle guests of every
     * size for the chart against VM size. {@link PlatformModels} says how each platform treats each load.
     *
     * <p>Seed 002 measured one migration at a time. Here every migration starts at once on its own pair of hosts;
     * the model gives each its own 1 Gb/s link (the seed does not name its network), so none waits and none shares,
     * and a migration's time from request to done is the seed's "migration time" plus the controller's pick-up of
     * 50-250 ms. The guests also report their own ms per GiB (GuestSamples, seed 003).
     */
    public static SimulationSpec seed002(long seed, long startTimeUs) {
        List<VmProfile> profiles = new ArrayList<>();
        for (GuestLoad load : seed002Loads()) {
            for (Platform platform : SEED002_PLATFORMS) {
                profiles.add(VmProfile.seed002(platform, Flavor.M, load));
            }
        }
        for (Flavor flavor : List.of(Flavor.S, Flavor.L, Flavor.XL)) {
            for (Platform platform : SEED002_PLATFORMS) {
                profiles.add(VmProfile.seed002(platform, flavor, GuestLoad.none()));
            }
        }
        int perPlatform = profiles.size() / SEED002_PLATFORMS.size();
        return builder().seed(seed).vms(profiles.size()).profiles(profiles).clusters(SEED002_PLATFORMS.size())
            .nodesPerCluster(perPlatform + 1).parallelismPerCluster(perPlatform).outboundPerNode(1)
            .nonConvergingFraction(0).startTimeUs(startTimeUs).baselineUs(5_000_000).recoveryUs(10_000_000)
            .wave("seed-002").guestSamples(true).build();
    }

    /** The order of seed 002's platforms: VM i runs on SEED002_PLATFORMS[i % 3], which is also its cluster. */
    public static final List<Platform> SEED002_PLATFORMS = List.of(Platform.VSPHERE,
        Platform.XEN, Platform.QEMU);

    private static List<GuestLoad> seed002Loads() {
        long mib = 1L << 20;
        return List.of(GuestLoad.none(),
            GuestLoad.cpu(25), GuestLoad.cpu(50), GuestLoad.cpu(75), GuestLoad.cpu(100),
            GuestLoad.locked(256 * mib), GuestLoad.locked(512 * mib), GuestLoad.locked(1024 * mib),
            GuestLoad.dirty(64 * mib), GuestLoad.dirty(128 * mib), GuestLoad.dirty(256 * mib),
            GuestLoad.dirty(512 * mib));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder with the defaults listed on {@link SimulationSpec}. */
    public static final class Builder {
        private long seed = 1;
        private int vms = 20;
        private int clusters = 1;
        private int nodesPerCluster = 8;
        private int parallelismPerCluster = 5;
        private int outboundPerNode = 2;
        private long bandwidthBytesPerSec = ONE_GBIT_BYTES_PER_SEC;
        private double nonConvergingFraction = 0.02;
        private Map<Flavor, Integer> flavorMix = equalMix();
        private List<VmProfile> profiles = List.of();
        private long startTimeUs = 1_790_000_000_000_000L;
        private long pingIntervalUs = 100_000;
        private long pingJitterUs = 4_000;
        private long pingTimeoutUs = 1_000_000;
        private long baselineUs = 10_000_000;
        private long recoveryUs = 10_000_000;
        private long linkIntervalUs = 2_000_000;
        private long downtimeLimitMs = 300;
        private long completionTimeoutPerGibS = 150;
        private long progressTimeoutS = 150;
        private long requestSpacingUs = 5_000;
        private String wave = "wave-1";
        private boolean guestSamples;

        private Builder() {
        }

        private Builder(SimulationSpec s) {
            seed = s.seed;
            vms = s.vms;
            clusters = s.clusters;
            nodesPerCluster = s.nodesPerCluster;
            parallelismPerCluster = s.parallelismPerCluster;
            outboundPerNode = s.outboundPerNode;
            bandwidthBytesPerSec = s.bandwidthBytesPerSec;
            nonConvergingFraction = s.nonConvergingFraction;
            flavorMix = s.flavorMix;
            profiles = s.profiles;
            startTimeUs = s.startTimeUs;
            pingIntervalUs = s.pingIntervalUs;
            pingJitterUs = s.pingJitterUs;
            pingTimeoutUs = s.pingTimeoutUs;
            baselineUs = s.baselineUs;
            recoveryUs = s.recoveryUs;
            linkIntervalUs = s.linkIntervalUs;
            downtimeLimitMs = s.downtimeLimitMs;
            completionTimeoutPerGibS = s.completionTimeoutPerGibS;
            progressTimeoutS = s.progressTimeoutS;
            requestSpacingUs = s.requestSpacingUs;
            wave = s.wave;
            guestSamples = s.guestSamples;
        }

        private static Map<Flavor, Integer> equalMix() {
            Map<Flavor, Integer> mix = new EnumMap<>(Flavor.class);
            for (Flavor f : Flavor.values()) {
                mix.put(f, 1);
            }
            return mix;
        }

        public Builder seed(long v) { seed = v; return this; }
        public Builder vms(int v) { vms = v; return this; }
        public Builder clusters(int v) { clusters = v; return this; }
        public Builder nodesPerCluster(int v) { nodesPerCluster = v; return this; }
        public Builder parallelismPerCluster(int v) { parallelismPerCluster = v; return this; }
        public Builder outboundPerNode(int v) { outboundPerNode = v; return this; }
        public Builder bandwidthBytesPerSec(long v) { bandwidthBytesPerSec = v; return this; }
        public Builder nonConvergingFraction(double v) { nonConvergingFraction = v; return this; }
        public Builder flavorMix(Map<Flavor, Integer> v) { flavorMix = v; return this; }
        public Builder profiles(List<VmProfile> v) { profiles = v; return this; }
        public Builder startTimeUs(long v) { startTimeUs = v; return this; }
        public Builder pingIntervalUs(long v) { pingIntervalUs = v; return this; }
        public Builder pingJitterUs(long v) { pingJitterUs = v; return this; }
        public Builder pingTimeoutUs(long v) { pingTimeoutUs = v; return this; }
        public Builder baselineUs(long v) { baselineUs = v; return this; }
        public Builder recoveryUs(long v) { recoveryUs = v; return this; }
        public Builder linkIntervalUs(long v) { linkIntervalUs = v; return this; }
        public Builder downtimeLimitMs(long v) { downtimeLimitMs = v; return this; }
        public Builder completionTimeoutPerGibS(long v) { completionTimeoutPerGibS = v; return this; }
        public Builder progressTimeoutS(long v) { progressTimeoutS = v; return this; }
        public Builder requestSpacingUs(long v) { requestSpacingUs = v; return this; }
        public Builder wave(String v) { wave = v; return this; }
        public Builder guestSamples(boolean v) { guestSamples = v; return this; }

        public SimulationSpec build() {
            return new SimulationSpec(seed, vms, clusters, nodesPerCluster, parallelismPerCluster, outboundPerNode,
                bandwidthBytesPerSec, nonConvergingFraction, flavorMix, profiles, startTimeUs, pingIntervalUs,
                pingJitterUs, pingTimeoutUs, baselineUs, recoveryUs, linkIntervalUs, downtimeLimitMs,
                completionTimeoutPerGibS, progressTimeoutS, requestSpacingUs, wave, guestSamples);
        }
    }
}
