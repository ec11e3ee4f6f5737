package io.migscope.app.record;

import io.migscope.app.replay.ReplayRecord;
import io.migscope.avro.CaptureEnd;
import io.migscope.avro.ProbeBatch;
import io.migscope.avro.VmSignal;
import io.migscope.signals.ProbeBatches;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import me.tongfei.progressbar.ProgressBar;

/**
 * Reads a window of event time, {@code [from, to)}, from input topics. Each partition is read from the first offset
 * stamped at {@code from} (less a clock-skew margin) up to its end offset when reading starts, and a record is kept
 * when its own event time is in the window. A record's Kafka timestamp is when it was published, never much before
 * the event, so nothing in the window lies before the start offset; nothing bounds how late a record may have been
 * published (a spool drained after an outage, a backfill), so reading goes on to the end offsets.
 */
public final class WindowReader {
    /** Producer clocks may run this far ahead of the clock that stamped the event. */
    static final long SKEW_MS = 60_000;
    private static final long STALL_MS = 60_000;

    /** One topic to read and how to decode it; {@code name} is the logical name (signals, links). */
    public record Input(String name, String topic, Deserializer<? extends SpecificRecord> deserializer) {
    }

    /** A decoded record in the window, with where it came from (for a stable order). */
    public record Captured(long timeUs, int input, int partition, long offset, SpecificRecord value) {
        static final Comparator<Captured> ORDER = Comparator.comparingLong(Captured::timeUs)
                .thenComparingInt(Captured::input).thenComparingInt(Captured::partition)
                .thenComparingLong(Captured::offset);
    }

    /** A record the serde could not read. */
    public record Unreadable(String topic, int partition, long offset, String reason) {
        /** {@code migscope.ping-samples/3/1207: reason}, like {@code FILE:LINE: reason} for files. */
        public String describe() {
            return topic + "/" + partition + "/" + offset + ": " + reason;
        }
    }

    /**
     * What was read: the window's records in event-time order (a probe batch as its probes, as a collector parsed
     * them), the unreadable ones, and the counts of records outside the window and of capture ends (a replay adds
     * its own at the end of the recorded run).
     */
    public record Result(List<Captured> records, List<Unreadable> unreadable, long read, long outside,
                         long captureEnds) {
    }

    private WindowReader() {
    }

    public static Result read(Consumer<byte[], byte[]> consumer, List<Input> inputs, Instant from, Instant to,
                              ProgressBar bar) {
        Map<TopicPartition, Integer> inputOf = partitions(consumer, inputs);
        Map<TopicPartition, Long> ends = startAndEnd(consumer, inputOf, from.toEpochMilli() - SKEW_MS, bar);
        Collector out = new Collector(inputs, from, to);
        long lastProgress = System.currentTimeMillis();
        while (!ends.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                Long end = ends.get(tp);
                if (end != null && r.offset() < end) {
                    out.accept(inputOf.get(tp), r);
                    bar.step();
                    lastProgress = System.currentTimeMillis();
                }
            }
            ends.entrySet().removeIf(e -> done(consumer, e.getKey(), e.getValue()));
            if (System.currentTimeMillis() - lastProgress > STALL_MS) {
                throw new IllegalStateException("no records for " + STALL_MS / 1000 + " s while " + ends.keySet()
                        + " still had records up to " + ends.values());
            }
        }
        out.records.sort(Captured.ORDER);
        return new Result(out.records, out.unreadable, out.read, out.outside, out.captureEnds);
    }

    private static Map<TopicPartition, Integer> partitions(Consumer<byte[], byte[]> consumer, List<Input> inputs) {
        Map<TopicPartition, Integer> inputOf = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            List<PartitionInfo> infos = consumer.partitionsFor(inputs.get(i).topic());
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic " + inputs.get(i).topic() + " does not exist");
            }
            for (PartitionInfo p : infos) {
                inputOf.put(new TopicPartition(p.topic(), p.partition()), i);
            }
        }
        return inputOf;
    }

    /** Seeks every partition to its start; returns the end offset of each partition that has records to read. */
    private static Map<TopicPartition, Long> startAndEnd(Consumer<byte[], byte[]> consumer,
                                                         Map<TopicPartition, Integer> inputOf, long startMs,
                                                         ProgressBar bar) {
        consumer.assign(inputOf.keySet());
        Map<TopicPartition, Long> query = new HashMap<>();
        inputOf.keySet().forEach(tp -> query.put(tp, Math.max(0, startMs)));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(inputOf.keySet()));
        long total = 0;
        for (TopicPartition tp : inputOf.keySet()) {
            OffsetAndTimestamp start = starts.get(tp);
            long end = ends.get(tp);
            if (start == null || start.offset() >= end) {
                ends.remove(tp);
                consumer.pause(List.of(tp));
            } else {
                consumer.seek(tp, start.offset());
                total += end - start.offset();
            }
        }
        bar.maxHint(total);
        return ends;
    }

    private static boolean done(Consumer<byte[], byte[]> consumer, TopicPartition tp, long end) {
        if (consumer.position(tp) >= end) {
            consumer.pause(List.of(tp));
            return true;
        }
        return false;
    }

    /** Decodes and sorts each record into kept, unreadable, outside the window or capture end. */
    private static final class Collector {
        private final List<Input> inputs;
        private final long fromUs;
        private final long toUs;
        private final List<Captured> records = new ArrayList<>();
        private final List<Unreadable> unreadable = new ArrayList<>();
        private long read;
        private long outside;
        private long captureEnds;

        Collector(List<Input> inputs, Instant from, Instant to) {
            this.inputs = inputs;
            this.fromUs = micros(from);
            this.toUs = micros(to);
        }

        void accept(int input, ConsumerRecord<byte[], byte[]> r) {
            read++;
            SpecificRecord v = decode(inputs.get(input), r);
            if (v == null) {
                return;
            }
            Object inner = v instanceof VmSignal s ? s.getSignal() : v;
            if (inner instanceof CaptureEnd) {
                captureEnds++;
            } else if (inner instanceof ProbeBatch b) {
                ProbeBatches.expand(b).forEach(p -> keep(input, r, p));
            } else {
                keep(input, r, (SpecificRecord) inner);
            }
        }

        private void keep(int input, ConsumerRecord<byte[], byte[]> r, SpecificRecord v) {
            long t = ReplayRecord.eventTimeUs(v);
            if (t < fromUs || t >= toUs) {
                outside++;
                return;
            }
            records.add(new Captured(t, input, r.partition(), r.offset(), v));
        }

        private SpecificRecord decode(Input input, ConsumerRecord<byte[], byte[]> r) {
            if (r.value() == null) {
                return unreadable(r, "no value (a tombstone); expected a record");
            }
            try {
                SpecificRecord v = input.deserializer().deserialize(r.topic(), r.headers(), r.value());
                return v != null ? v : unreadable(r, "the serde returned nothing");
            } catch (RuntimeException e) {
                return unreadable(r, e.getMessage() != null ? e.getMessage() : e.toString());
            }
        }

        private SpecificRecord unreadable(ConsumerRecord<byte[], byte[]> r, String reason) {
            unreadable.add(new Unreadable(r.topic(), r.partition(), r.offset(), reason));
            return null;
        }

        private static long micros(Instant t) {
            return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000L;
        }
    }
}
