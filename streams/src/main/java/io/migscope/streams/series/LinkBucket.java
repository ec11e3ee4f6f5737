package io.migscope.streams.series;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.avro.LinkSample;
import io.migscope.streams.state.StateBytes;
import java.io.DataInputStream;

/** Bytes between a pair of hosts (both directions, every flow) over one iftop interval. */
public final class LinkBucket implements SeriesPoint {
    private static final int VERSION = 1;
    final long intervalStartUs;
    final long intervalEndUs;
    long bytes;
    int flows;

    LinkBucket(long intervalStartUs, long intervalEndUs) {
        this.intervalStartUs = intervalStartUs;
        this.intervalEndUs = intervalEndUs;
    }

    void add(LinkSample l) {
        bytes += l.getBytesSent() + l.getBytesReceived();
        flows++;
    }

    /** {@code interval_start_us, interval_end_us, bytes, flows, bytes_per_sec}. */
    @Override
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("interval_start_us", intervalStartUs);
        n.put("interval_end_us", intervalEndUs);
        n.put("bytes", bytes);
        n.put("flows", flows);
        long us = intervalEndUs - intervalStartUs;
        n.put("bytes_per_sec", us > 0 ? Long.valueOf(Math.round(bytes * 1e6 / us)) : null);
        return n;
    }

    byte[] toBytes() {
        return StateBytes.write(out -> {
            out.writeByte(VERSION);
            out.writeLong(intervalStartUs);
            out.writeLong(intervalEndUs);
            out.writeLong(bytes);
            out.writeInt(flows);
        });
    }

    static LinkBucket fromBytes(byte[] bytes) {
        return StateBytes.read(bytes, "link bucket", (DataInputStream in) -> {
            StateBytes.checkVersion(in, VERSION, "link bucket");
            LinkBucket b = new LinkBucket(in.readLong(), in.readLong());
            b.bytes = in.readLong();
            b.flows = in.readInt();
            return b;
        });
    }
}
