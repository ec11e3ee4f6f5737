package io.migscope.app.bench;

import io.migscope.app.SignalSender;
import io.migscope.producers.publish.SignalEncoder;
import io.migscope.avro.MigrationEvent;
import io.migscope.producers.simulator.Flavor;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.producers.simulator.VmProfile;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A simulated fleet for the load scenarios, generated and serialized (Confluent wire format, the real serde) before
 * the clock starts, so the simulator is never what is measured: N VMs probed at 10 Hz, all migrating at once
 * (20 VMs per cluster, 20 in flight), every tenth one never converging. Held compactly (one key array per VM, the
 * values, the timestamps): about 110 bytes a record, so 3M records fit next to the pipeline in a 2 GB heap.
 */
final class FleetLoad {
    private static final int VMS_PER_CLUSTER = 20;
    private static final byte EVENT = 0;
    private static final byte BATCH = 1;
    private static final byte LINK = 2;

    private final String[] topics;
    private final byte[] topicOf;
    private final List<byte[]> keys;
    private final List<byte[]> values;
    private final long[] timestampsMs;
    private final Map<Integer, String> evidence;
    private final long pings;

    private FleetLoad(String[] topics, byte[] topicOf, List<byte[]> keys, List<byte[]> values, long[] timestampsMs,
                      Map<Integer, String> evidence, long pings) {
        this.topics = topics;
        this.topicOf = topicOf;
        this.keys = keys;
        this.values = values;
        this.timestampsMs = timestampsMs;
        this.evidence = evidence;
        this.pings = pings;
    }

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

    /**
     * The records of the spec's first {@code seconds} of event time, in publishing order: through the collectors'
     * encoder, so probes travel in batches of about a second per VM.
     */
    static FleetLoad generate(SimulationSpec spec, double seconds, TopologySerdes serdes, TopicNames names) {
        FleetSimulator sim = new FleetSimulator(spec);
        long untilUs = sim.firstTimestampUs() + (long) (seconds * 1e6);
        String[] topics = {names.signals(), names.links()};
        SignalEncoder encoder = new SignalEncoder();
        SignalSender sender = new SignalSender(null, serdes, names, null);
        ByteArrayOutputStream topicOf = new ByteArrayOutputStream();
        Map<String, byte[]> keyOfVm = new HashMap<>();
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        LongStream.Builder timestamps = LongStream.builder();
        Map<Integer, String> evidence = new HashMap<>();
        long samples = 0;
        List<SignalEncoder.Out> outs = new ArrayList<>();
        for (Iterator<SimulatedRecord> it = sim.iterator(); it.hasNext(); ) {
            SimulatedRecord r = it.next();
            if (r.timestampUs() > untilUs) {
                break;
            }
            outs.addAll(encoder.add(r.value(), r.timestampUs()));
            for (SignalEncoder.Out o : outs) {
                ProducerRecord<byte[], byte[]> p = sender.record(o);
                int batch = probes(o);
                samples += batch;
                if (o.value() instanceof io.migscope.avro.VmSignal v && v.getSignal() instanceof MigrationEvent e) {
                    evidence.put(values.size(), evidenceKey(e.getVm(), e.getEventTimeUs()));
                }
                topicOf.write(o.link() ? LINK : batch > 0 ? BATCH : EVENT);
                keys.add(keyOfVm.computeIfAbsent(new String(p.key(), StandardCharsets.UTF_8), k -> p.key()));
                values.add(p.value());
                timestamps.add(p.timestamp());
            }
            outs.clear();
        }
        return new FleetLoad(topics, topicOf.toByteArray(), keys, values, timestamps.build().toArray(), evidence,
                samples);
    }

    static String evidenceKey(String vm, long timeUs) {
        return vm + "@" + timeUs;
    }

    int size() {
        return values.size();
    }

    /** Probes in the fleet's batches: the samples a run processes. */
    long samples() {
        return pings;
    }

    /** Both input topics (vm-signals, link-samples): where the records go. */
    List<String> topics() {
        return List.of(topics);
    }

    private static int probes(SignalEncoder.Out o) {
        return o.value() instanceof io.migscope.avro.VmSignal v && v.getSignal() instanceof io.migscope.avro.ProbeBatch b
                ? b.getStatuses().size() : 0;
    }

    /** For a migration event, "vm@event_time_us" (what an alert's fired_at_us points at); null otherwise. */
    String evidence(int i) {
        return evidence.get(i);
    }

    /** Record i, with its event time (ms) as the Kafka timestamp. */
    ProducerRecord<byte[], byte[]> record(int i) {
        return new ProducerRecord<>(topics[topicOf[i] == LINK ? 1 : 0], null, timestampsMs[i], keys.get(i),
                values.get(i));
    }
}
