package io.migscope.streams.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.LinkSample;
import org.junit.jupiter.api.Test;

class WireBytesTest {

    @Test
    void aFlowMeasuredOnBothHostsIsCountedOnceAsTheHostThatSawMoreCountedIt() {
        WireBytes w = new WireBytes();
        // the source's iftop saw both intervals, the target's missed one
        w.add(sample("node-a", "10.0.3.11", "10.0.3.12", 2_000_000, 1000));
        w.add(sample("node-a", "10.0.3.11", "10.0.3.12", 4_000_000, 2000));
        w.add(sample("node-b", "10.0.3.12", "10.0.3.11", 4_000_000, 2010));
        assertThat(w.total()).isEqualTo(3000 + 2 * 10);
        assertThat(w.note()).isNull();
    }

    @Test
    void anIntervalDeliveredTwiceCountsOnce() {
        WireBytes w = new WireBytes();
        assertThat(w.add(sample("node-a", "10.0.3.11", "10.0.3.12", 2_000_000, 1000))).isTrue();
        assertThat(w.add(sample("node-a", "10.0.3.11", "10.0.3.12", 2_000_000, 1000))).isFalse();
        assertThat(w.total()).isEqualTo(1010);
    }

    @Test
    void nothingAttributedIsNullAndSaysSo() {
        assertThat(new WireBytes().total()).isNull();
        assertThat(new WireBytes().note()).contains("no link samples");
    }

    private static LinkSample sample(String host, String src, String dst, long endUs, long sent) {
        return LinkSample.newBuilder().setHost(host).setSourceHost(src).setTargetHost(dst)
                .setIntervalStartUs(endUs - 2_000_000).setIntervalEndUs(endUs).setBytesSent(sent)
                .setBytesReceived(10).build();
    }
}
