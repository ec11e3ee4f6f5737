package io.migscope.app;

import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.producers.publish.Publisher;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;

/**
 * Moves stream time on every partition after a test's data: one probe per partition, for a VM whose name the
 * default partitioner puts there, stamped after the last migration's recovery window. Live fleets do this by
 * probing continuously; tests must not wait for the wall-clock idle flush.
 */
public final class StreamTime {
    private StreamTime() {
    }

    public static void advanceEveryPartition(Publisher publisher, int partitions, long timeUs) {
        Set<Integer> covered = new HashSet<>();
        for (int i = 0; covered.size() < partitions; i++) {
            String vm = "__watermark-" + i;
            int partition = Utils.toPositive(Utils.murmur2(vm.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (covered.add(partition)) {
                publisher.publish(PingSample.newBuilder().setVm(vm).setTarget("192.0.2.1").setSeq(1).setSeqRaw(1)
                        .setSentTimeUs(timeUs).setObservedTimeUs(timeUs).setRttUs(100L).setStatus(PingStatus.REPLY)
                        .build());
            }
        }
        publisher.flush();
    }
}
