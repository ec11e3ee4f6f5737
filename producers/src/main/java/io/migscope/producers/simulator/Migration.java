package io.migscope.producers.simulator;

/** One planned migration: who moves where, its physics, and (once scheduled) when it starts. */
final class Migration {
    final int index;
    final String vm;
    final String cluster;
    final String migrationId;
    final int sourceNode;
    final String sourceHost;
    final String targetHost;
    final String address;
    final VmProfile profile;
    final ModelInput input;
    final Trajectory trajectory;
    final long requestedUs;
    final long rttBaselineUs;
    /** Time for the network to learn the VM's new location (gratuitous ARP), added to the pause seen by pings. */
    final long settleUs;
    final long pingSeed;
    final long firstSeq;
    final int sourcePort;
    final int targetPort;
    long startUs = -1;

    Migration(Builder b) {
        index = b.index;
        vm = b.vm;
        cluster = b.cluster;
        migrationId = b.migrationId;
        sourceNode = b.sourceNode;
        sourceHost = b.sourceHost;
        targetHost = b.targetHost;
        address = b.address;
        profile = b.profile;
        input = b.input;
        trajectory = PrecopyModel.run(b.input);
        requestedUs = b.requestedUs;
        rttBaselineUs = b.rttBaselineUs;
        settleUs = b.settleUs;
        pingSeed = b.pingSeed;
        firstSeq = b.firstSeq;
        sourcePort = b.sourcePort;
        targetPort = b.targetPort;
    }

    long abs(long offsetUs) {
        return startUs + offsetUs;
    }

    long durationUs() {
        return trajectory.endUs;
    }

    long endUs() {
        return abs(trajectory.endUs);
    }

    boolean completed() {
        return trajectory.outcome == Trajectory.Outcome.COMPLETED;
    }

    /** Probes are lost from the STOP until the destination runs and the network has learned where it is. */
    long blackoutStartUs() {
        return completed() ? abs(trajectory.stopUs) : -1;
    }

    long blackoutEndUs() {
        return completed() ? abs(trajectory.resumeUs) + settleUs : -1;
    }

    /** After resume the guest runs cold (caches, post-copy faults): RTT is inflated until this time. */
    long brownoutEndUs() {
        return completed() ? Math.max(abs(trajectory.resumeUs) + PingStream.INFLATION_US, endUs()) : -1;
    }

    static final class Builder {
        int index;
        String vm;
        String cluster;
        String migrationId;
        int sourceNode;
        String sourceHost;
        String targetHost;
        String address;
        VmProfile profile;
        ModelInput input;
        long requestedUs;
        long rttBaselineUs;
        long settleUs;
        long pingSeed;
        long firstSeq;
        int sourcePort;
        int targetPort;
    }
}
