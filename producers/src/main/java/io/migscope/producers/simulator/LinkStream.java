package io.migscope.producers.simulator;

import io.migscope.avro.LinkSample;

/**
 * iftop-like samples of one migration's connection from the source host to the target host, one per 2 s block on
 * a grid that starts at the wave start, for every block that overlaps the transfer. Sent bytes are exactly the
 * bytes the model put on the wire, so their sum equals the hypervisor's transferred bytes.
 */
final class LinkStream extends RecordStream {
    /** TCP acknowledgements flow back at about 2 % of the data rate (one 66-byte ACK per two 1448-byte segments). */
    static final double ACK_SHARE = 0.02;
    static final String IFACE = "eth0";

    private final Migration m;
    private final String key;
    private final long intervalUs;
    private final long lastEndUs;
    private long blockStartUs;
    private long cumulativeSent;
    private long cumulativeReceived;

    LinkStream(Migration m, SimulationSpec spec) {
        super(TopicKind.LINK, m.index);
        this.m = m;
        this.key = io.migscope.topics.HostPairs.key(m.sourceHost, m.targetHost);
        this.intervalUs = spec.linkIntervalUs();
        long origin = spec.startTimeUs();
        long transferStart = m.abs(m.trajectory.activeUs);
        long transferEnd = m.abs(m.trajectory.transferEndUs());
        this.blockStartUs = origin + Math.floorDiv(transferStart - origin, intervalUs) * intervalUs;
        this.lastEndUs = origin + Math.floorDiv(transferEnd - origin + intervalUs - 1, intervalUs) * intervalUs;
        this.nextTimeUs = blockStartUs + intervalUs;
    }

    @Override
    SimulatedRecord next() {
        long start = blockStartUs;
        long end = start + intervalUs;
        long sentBefore = cumulativeSent;
        cumulativeSent = m.trajectory.bytesSentBy(end - m.startUs);
        long sent = cumulativeSent - sentBefore;
        long received = Math.round(sent * ACK_SHARE);
        cumulativeReceived += received;
        LinkSample s = new LinkSample();
        s.setHost(m.sourceHost);
        s.setIface(IFACE);
        s.setCluster(m.cluster);
        s.setMigrationId(m.migrationId);
        s.setSourceHost(m.sourceHost);
        s.setTargetHost(m.targetHost);
        s.setSourcePort(m.sourcePort);
        s.setTargetPort(m.targetPort);
        s.setIntervalStartUs(start);
        s.setIntervalEndUs(end);
        s.setBytesSent(sent);
        s.setBytesReceived(received);
        s.setCumulativeSentBytes(cumulativeSent);
        s.setCumulativeReceivedBytes(cumulativeReceived);
        blockStartUs = end;
        nextTimeUs = end >= lastEndUs ? DONE : end + intervalUs;
        return new SimulatedRecord(TopicKind.LINK, key, end, s);
    }
}
