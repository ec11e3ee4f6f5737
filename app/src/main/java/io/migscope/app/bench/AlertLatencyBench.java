package io.migscope.app.bench;

import io.migscope.avro.Alert;
import io.migscope.avro.AlertKind;
import io.migscope.avro.AlertState;
import io.migscope.producers.simulator.Pacer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Time from the evidence to the alert, under the ingest load played in real time (10 Hz per VM, every tenth VM
 * never converging): for each NON_CONVERGING alert, from the moment the broker acknowledged the migration event that
 * made the model fire (the events of its VM stamped with the alert's fired_at_us) to the moment a read_committed
 * consumer received the FIRING alert record.
 */
final class AlertLatencyBench {
    private AlertLatencyBench() {
    }

    static BenchResult run(BenchStack bench, boolean quick) throws Exception {
        int vms = quick ? 300 : 10_000;
        double seconds = quick ? 20 : 30;
        try (PipelineLoad load = PipelineLoad.start(bench, "alert-latency")) {
            long nowUs = System.currentTimeMillis() * 1000;
            FleetLoad fleet = FleetLoad.generate(FleetLoad.spec(vms, nowUs, 120_000_000), seconds, bench.serdes(),
                    load.target().topics());
            Map<String, Long> ackedMs = new ConcurrentHashMap<>();
            Deserializer<Alert> alerts = bench.serdes().alerts().deserializer();
            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            Thread reader = new Thread(() -> read(bench, load, alerts, ackedMs, latencies, running), "bench-alerts");
            reader.start();
            HeapPeak.reset();
            long t0 = System.nanoTime();
            load.send(fleet, Pacer.realTime(), i -> {
                String key = fleet.evidence(i);
                if (key != null) {
                    ackedMs.merge(key, System.currentTimeMillis(), Math::max);
                }
            });
            long end = load.awaitProcessed(fleet.size());
            Thread.sleep(1_000);
            running.set(false);
            reader.join(10_000);
            double elapsed = (end - t0) / 1e9;
            return result(fleet, elapsed, latencies, vms);
        }
    }

    /** Records/s here is the load offered in real time, not a capacity: no ratio to the baseline. */
    private static BenchResult result(FleetLoad fleet, double elapsed, List<Double> latencies, int vms) {
        List<Double> sorted = new ArrayList<>(latencies.stream().filter(v -> !v.isNaN()).toList());
        Collections.sort(sorted);
        double perSec = fleet.size() / elapsed;
        String note = String.format(java.util.Locale.ROOT, "%d VMs at 10 Hz in real time, %d NON_CONVERGING alerts"
                + " (%d without an evidence event to time from)", vms, latencies.size(), latencies.size() - sorted.size());
        return new BenchResult("alert-latency", fleet.size(), elapsed, perSec, null, percentile(sorted, 0.50),
                percentile(sorted, 0.99), HeapPeak.mb(), note);
    }

    /** Nearest-rank percentile; null when nothing was measured. */
    static Double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return Math.round(sorted.get(Math.max(0, rank - 1)) * 10) / 10.0;
    }

    private static void read(BenchStack bench, PipelineLoad load, Deserializer<Alert> alerts, Map<String, Long> ackedMs,
                             List<Double> latencies, AtomicBoolean running) {
        Properties p = KafkaBaseline.consumerProps(load.target().bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        String topic = load.target().topics().alerts();
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    long receivedMs = System.currentTimeMillis();
                    Alert a = alerts.deserialize(topic, r.value());
                    if (a.getKind() == AlertKind.NON_CONVERGING && a.getState() == AlertState.FIRING
                            && seen.add(a.getAlertId().toString())) {
                        Long acked = ackedMs.get(FleetLoad.evidenceKey(a.getVm().toString(), a.getFiredAtUs()));
                        // null: no event of the VM at fired_at_us (cannot happen unless the model changes); a NaN
                        // marks it so the note can say how many alerts had no evidence to time from.
                        latencies.add(acked == null ? Double.NaN : (double) (receivedMs - acked));
                    }
                }
            }
        }
    }
}
