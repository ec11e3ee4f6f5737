package io.migscope.app.bench;

import io.migscope.avro.Alert;
import io.migscope.avro.AlertKind;
import io.migscope.avro.AlertState;
import io.migscope.producers.simulator.Pacer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Time from the evidence to the alert, under the ingest load played in real time (10 Hz per VM, every tenth VM
 * never converging): for each NON_CONVERGING alert, from the moment the broker acknowledged the migration event that
 * made the model fire (the VmSignal carrying the VM's event stamped with the alert's fired_at_us) to the moment a
 * read_committed consumer received the FIRING alert record. Every alert must find its event: an alert that does
 * not means the evidence key no longer matches the encoding, and the scenario fails rather than time fewer alerts.
 */
final class AlertLatencyBench {
    private AlertLatencyBench() {
    }

    /** One FIRING alert as received: which evidence it points at, and when it arrived. */
    private record Received(String alertId, String evidenceKey, long receivedMs) {
    }

    static BenchResult run(BenchStack bench, Bench.Options options) throws Exception {
        int vms = options.quick() ? 300 : 10_000;
        double seconds = options.quick() ? 20 : 30;
        try (PipelineLoad load = PipelineLoad.start(bench, "alert-latency", options.streamsJvmOptions())) {
            long nowUs = System.currentTimeMillis() * 1000;
            FleetLoad fleet = FleetLoad.generate(FleetLoad.spec(vms, nowUs, 120_000_000), seconds, bench.serdes(),
                    load.target().topics());
            Map<String, Long> ackedMs = new ConcurrentHashMap<>();
            AlertReader reader = new AlertReader(bench, load);
            Thread thread = new Thread(reader, "bench-alerts");
            thread.start();
            HeapPeak.reset();
            long t0 = System.nanoTime();
            try {
                load.send(fleet, Pacer.realTime(), i -> {
                    String key = fleet.evidence(i);
                    if (key != null) {
                        ackedMs.merge(key, System.currentTimeMillis(), Math::max);
                    }
                });
                long end = load.awaitProcessed(fleet.size());
                reader.awaitCaughtUp(load.committedEnds(load.target().topics().alerts()));
                double elapsed = (end - t0) / 1e9;
                GcLog.Heap heap = load.stopStreams();
                return result(fleet, elapsed, reader.received(), ackedMs, vms, seconds).figures(load.streams().figures(heap));
            } finally {
                reader.stop();
                thread.join(10_000);
            }
        }
    }

    /** Records/s here is the load offered in real time, not a capacity: no ratio to the baseline. */
    private static BenchResult result(FleetLoad fleet, double elapsed, List<Received> alerts, Map<String, Long> ackedMs,
                                      int vms, double seconds) {
        if (alerts.isEmpty()) {
            throw new BenchFailure("alert-latency: " + vms + " VMs (every tenth never converging) played for "
                    + String.format(Locale.ROOT, "%.0f", elapsed) + " s and processed, but no NON_CONVERGING alert"
                    + " fired: nothing to time");
        }
        List<Double> latencies = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (Received a : alerts) {
            Long acked = ackedMs.get(a.evidenceKey());
            if (acked == null) {
                unmatched.add(a.alertId() + " (" + a.evidenceKey() + ")");
            } else {
                latencies.add((double) (a.receivedMs() - acked));
            }
        }
        if (!unmatched.isEmpty()) {
            throw new BenchFailure("alert-latency: " + unmatched.size() + " of " + alerts.size() + " NON_CONVERGING"
                    + " alerts point at no published event (vm@fired_at_us), so they cannot be timed: "
                    + unmatched.subList(0, Math.min(5, unmatched.size())));
        }
        Collections.sort(latencies);
        String note = String.format(Locale.ROOT, "%d VMs at 10 Hz in real time for %.0f s of fleet time;"
                + " streams in its own JVM (%s)", vms, seconds, StreamsJvm.HEAP);
        return BenchResult.of("alert-latency", fleet.size(), fleet.samples(), elapsed)
                .latency(percentile(latencies, 0.50), percentile(latencies, 0.99))
                .figure("alerts", alerts.size())
                .figure("latency_max_ms", latencies.get(latencies.size() - 1))
                .note(note);
    }

    /** Nearest-rank percentile; null when nothing was measured. */
    static Double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return BenchResult.round(sorted.get(Math.max(0, rank - 1)), 1);
    }

    /** Reads the alert topic as a user would (read_committed) and notes each NON_CONVERGING alert's first FIRING. */
    private static final class AlertReader implements Runnable {
        private final Properties props;
        private final String topic;
        private final Deserializer<Alert> alerts;
        private final Map<String, Received> received = new ConcurrentHashMap<>();
        private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        AlertReader(BenchStack bench, PipelineLoad load) throws Exception {
            props = KafkaBaseline.consumerProps(load.target().bootstrapServers());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            topic = load.target().topics().alerts();
            alerts = bench.serdes().alerts().deserializer();
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                consumer.subscribe(List.of(topic));
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                        long receivedMs = System.currentTimeMillis();
                        Alert a = alerts.deserialize(topic, r.value());
                        if (a.getKind() == AlertKind.NON_CONVERGING && a.getState() == AlertState.FIRING) {
                            received.putIfAbsent(a.getAlertId(), new Received(a.getAlertId(),
                                    FleetLoad.evidenceKey(a.getVm(), a.getFiredAtUs()), receivedMs));
                        }
                    }
                    for (TopicPartition tp : consumer.assignment()) {
                        positions.put(tp, consumer.position(tp));
                    }
                }
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }

        /** Waits until every committed alert record is read; fails once the reader stops moving for the stall time. */
        void awaitCaughtUp(Map<TopicPartition, Long> ends) throws InterruptedException {
            long lastSum = -1;
            long lastChange = System.nanoTime();
            while (!ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                long sum = positions.values().stream().mapToLong(Long::longValue).sum();
                if (sum != lastSum) {
                    lastSum = sum;
                    lastChange = System.nanoTime();
                } else if (failure.get() != null || System.nanoTime() - lastChange > PipelineLoad.STALL.toNanos()) {
                    throw new BenchFailure("alert-latency: the alert reader stopped at " + positions + " of " + ends
                            + (failure.get() != null ? ": " + failure.get() : ""));
                }
                Thread.sleep(50);
            }
        }

        List<Received> received() {
            return new ArrayList<>(received.values());
        }

        void stop() {
            running.set(false);
        }
    }
}
