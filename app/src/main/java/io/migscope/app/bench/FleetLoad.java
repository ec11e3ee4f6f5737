package io.migscope.app.bench;

import io.migscope.app.replay.ReplayRun;
import io.migscope.avro.MigrationEvent;
import io.migscope.producers.simulator.Flavor;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.producers.simulator.TopicKind;
import io.migscope.producers.simulator.VmProfile;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A simulated fleet for the load scenarios, generated and serialized (Confluent wire format, the real serde) before
 * the clock starts, so the simulator is never what is measured: N VMs probed at 10 Hz, all migrating at once
 * (20 VMs per cluster, 20 in flight), every tenth one never converging.
 *
 * @param records  in event-time order, with the event time as the Kafka timestamp
 * @param evidence for each record that is a migration event, "vm@event_time_us" (the key an alert's fired_at_us
 *                 points at); null for probes and link samples
 */
record FleetLoad(List<ProducerRecord<byte[], byte[]>> records, List<String> evidence, long pings) {
    private static final int VMS_PER_CLUSTER = 20;

    /**
     * @param recoveryUs how long VMs keep being probed after their migration: long enough that the fleet stays at
     *                   its full 10 Hz while the load runs
     */
    static SimulationSpec spec(int vms, long startUs, long recoveryUs) {
        List<VmProfile> profiles = new ArrayList<>();
        Flavor[] cycle = {Flavor.S, Flavor.M, Flavor.L, Flavor.XL};
        for (int i = 0; i < 10; i++) {
            profiles.add(i == 3 ? VmProfile.nonConverging(Flavor.S) : VmProfile.idle(cycle[i % cycle.length]));
        }
        return SimulationSpec.builder().seed(8).vms(vms).clusters(Math.max(1, vms / VMS_PER_CLUSTER))
                .nodesPerCluster(10).parallelismPerCluster(VMS_PER_CLUSTER).outboundPerNode(2).profiles(profiles)
                .bandwidthBytesPerSec(10 * SimulationSpec.ONE_GBIT_BYTES_PER_SEC).startTimeUs(startUs)
                .baselineUs(5_000_000).recoveryUs(recoveryUs).requestSpacingUs(100).wave("bench").build();
    }

    /** The records of the spec's first {@code seconds} of event time, at most {@code max} of them. */
    static FleetLoad generate(SimulationSpec spec, double seconds, long max, TopologySerdes serdes, TopicNames topics) {
        FleetSimulator sim = new FleetSimulator(spec);
        long untilUs = sim.firstTimestampUs() + (long) (seconds * 1e6);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        long pings = 0;
        for (Iterator<SimulatedRecord> it = sim.iterator(); it.hasNext() && records.size() < max; ) {
            SimulatedRecord r = it.next();
            if (r.timestampUs() > untilUs) {
                break;
            }
            records.add(ReplayRun.record(serdes, topics, r.value(), r.timestampUs(), null));
            evidence.add(r.value() instanceof MigrationEvent e ? evidenceKey(e.getVm(), e.getEventTimeUs()) : null);
            pings += r.topicKind() == TopicKind.PING ? 1 : 0;
        }
        return new FleetLoad(records, evidence, pings);
    }

    static String evidenceKey(String vm, long timeUs) {
        return vm + "@" + timeUs;
    }
}
