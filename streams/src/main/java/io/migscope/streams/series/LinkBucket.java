package io.migscope.streams.series;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.avro.LinkSample;
import io.migscope.avro.state.LinkInterval;
import io.migscope.avro.state.LinkSampleId;
import java.util.ArrayList;
import java.util.Objects;

/**
 * Bytes between a pair of hosts (both directions, every flow) over one iftop interval, stored as a
 * {@link LinkInterval} with the samples counted in it.
 */
public final class LinkBucket implements SeriesPoint {
    private final LinkInterval state;

    LinkBucket(long intervalStartUs, long intervalEndUs) {
        this(new LinkInterval(intervalStartUs, intervalEndUs, 0L, 0, new ArrayList<>(2)));
    }

    private LinkBucket(LinkInterval state) {
        this.state = state;
    }

    long intervalStartUs() {
        return state.getIntervalStartUs();
    }

    /**
     * Adds a sample unless this interval counted it already (delivered again): iftop prints a flow once per interval,
     * so the measuring host, interface, direction and ports name it.
     */
    boolean add(LinkSample l) {
        for (LinkSampleId s : state.getSamples()) {
            if (Objects.equals(s.getHost(), l.getHost()) && Objects.equals(s.getIface(), l.getIface())
                    && s.getSourceHost().equals(l.getSourceHost()) && Objects.equals(s.getSourcePort(), l.getSourcePort())
                    && Objects.equals(s.getTargetPort(), l.getTargetPort())) {
                return false;
            }
        }
        state.getSamples().add(new LinkSampleId(l.getHost(), l.getIface(), l.getSourceHost(), l.getSourcePort(),
                l.getTargetPort()));
        state.setBytes(state.getBytes() + l.getBytesSent() + l.getBytesReceived());
        state.setFlows(state.getFlows() + 1);
        return true;
    }

    /** {@code interval_start_us, interval_end_us, bytes, flows, bytes_per_sec}. */
    @Override
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        long bytes = state.getBytes();
        n.put("interval_start_us", state.getIntervalStartUs());
        n.put("interval_end_us", state.getIntervalEndUs());
        n.put("bytes", bytes);
        n.put("flows", state.getFlows());
        long us = state.getIntervalEndUs() - state.getIntervalStartUs();
        n.put("bytes_per_sec", us > 0 ? Long.valueOf(Math.round(bytes * 1e6 / us)) : null);
        return n;
    }

    LinkInterval toState() {
        return state;
    }

    static LinkBucket of(LinkInterval state) {
        return new LinkBucket(state);
    }
}
