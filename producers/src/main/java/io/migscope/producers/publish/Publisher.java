package io.migscope.producers.publish;

import io.migscope.avro.CaptureEnd;
import io.migscope.avro.CaptureScope;
import io.migscope.avro.DeadLetter;
import io.migscope.avro.GuestSample;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.avro.ProbeBatch;
import io.migscope.avro.VmSignal;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.serde.SerdeFactory;
import io.migscope.topics.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a collector's records to Kafka, spooling to a bounded local file while the broker is unreachable.
 *
 * <p>A VM's {@link MigrationEvent}s, {@link GuestSample}s and probes go to one topic, vm-signals, keyed by VM, as
 * {@link VmSignal}s: an event or a guest sample at once (a guest reports about once per GiB written, a few a
 * second at most), probes in {@link ProbeBatch}es of about a second ({@link ProbeBatcher}; a batch is completed at
 * once on the first loss and the first reply after it, and by the wall clock when a prober goes quiet), so a
 * partition's order is the order Kafka Streams processes them in. {@link LinkSample}s are keyed by host pair, dead
 * letters by their origin. Values are serialized here, with the configured serde (Confluent wire format), so a
 * spooled record is already bytes.
 *
 * <p>Outage handling: a send that fails with anything but a permanent error (or cannot even be handed to the
 * producer within {@code max.block.ms}) goes to the {@link Spool}; while the spool holds anything, new records are
 * appended behind it, and a drainer thread sends the spool in order once the broker answers again. Past
 * {@code collector.spool.max.bytes} records are dropped, counted and logged (ERROR at the start and end of each
 * overflow episode). Records already handed to the producer when the outage is detected are spooled in the order
 * their sends fail, which for one partition is the order they were published.
 *
 * <p>Thread-safe: collectors on several threads may share one publisher.
 */
public final class Publisher implements AutoCloseable, io.migscope.producers.collect.ParsingSink.Outlet {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final TopicNames topics;
    private final Producer<byte[], byte[]> producer;
    private final Serializer<VmSignal> signals;
    private final Serializer<LinkSample> links;
    private final ProbeBatcher batcher = new ProbeBatcher();
    private final java.util.concurrent.ScheduledExecutorService quietFlusher;
    private final Serializer<DeadLetter> deadLetters;
    private final Spool spool;
    private final Object lock = new Object();
    /** Sends that failed in the producer's I/O thread, in failure order, waiting to be appended to the spool. */
    private final ConcurrentLinkedQueue<Spool.Entry> failed = new ConcurrentLinkedQueue<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong drained = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Overflow overflow = new Overflow();
    private final AtomicBoolean outage = new AtomicBoolean();
    private final Drainer drainer;

    /** Counters since start: acknowledged directly, appended to the spool, acknowledged from the spool, lost. */
    public record Counters(long sent, long spooled, long drained, long dropped, long spoolPending) {
    }

    /**
     * @param registryUrl the embedded registry's URL, used when {@code registry.url} is not set
     * @param spoolFile   where to spool during an outage (records left by an earlier run are drained first)
     */
    public Publisher(MigscopeConfig config, String bootstrapServers, String registryUrl, Path spoolFile) {
        this(config, new KafkaProducer<>(producerProperties(config, bootstrapServers)), registryUrl, spoolFile);
    }

    Publisher(MigscopeConfig config, Producer<byte[], byte[]> producer, String registryUrl, Path spoolFile) {
        this.topics = TopicNames.from(config);
        this.producer = producer;
        this.signals = SerdeFactory.valueSerde(config, registryUrl, VmSignal.class).serializer();
        this.links = SerdeFactory.valueSerde(config, registryUrl, LinkSample.class).serializer();
        this.deadLetters = SerdeFactory.valueSerde(config, registryUrl, DeadLetter.class).serializer();
        try {
            this.spool = new Spool(spoolFile, config.getLong(Keys.SPOOL_MAX_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool " + spoolFile, e);
        }
        this.drainer = new Drainer(this, producer);
        drainer.start();
        this.quietFlusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "probe-batch-flusher");
            t.setDaemon(true);
            return t;
        });
        quietFlusher.scheduleWithFixedDelay(this::flushQuiet, QUIET_CHECK_MS, QUIET_CHECK_MS,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** A batch whose prober went quiet this long after its first probe is sent anyway. */
    static final long QUIET_MS = ProbeBatcher.SPAN_US / 1000 + 500;
    private static final long QUIET_CHECK_MS = 100;

    /**
     * Producer settings: idempotent with acks=all, lz4 batches lingering 20 ms; an unreachable broker is given up
     * on after 2 s for a new send ({@code max.block.ms}) and 15 s for a sent one ({@code delivery.timeout.ms}),
     * then the record is spooled. Every {@code kafka.*} configuration key overrides these.
     */
    public static Properties producerProperties(MigscopeConfig config, String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        p.putAll(config.kafkaProperties());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** Any record a collector or the simulator makes: an event, a probe, a guest sample or a link sample. */
    public void publish(SpecificRecord r) {
        if (r instanceof MigrationEvent e) {
            publish(e);
        } else if (r instanceof GuestSample g) {
            publish(g);
        } else if (r instanceof PingSample p) {
            publish(p);
        } else if (r instanceof LinkSample l) {
            publish(l);
        } else if (r instanceof DeadLetter d) {
            publish(d);
        } else {
            throw new IllegalArgumentException("cannot publish a " + r.getSchema().getFullName());
        }
    }

    /** An event, after the probe batches its time completes (a quiet prober's, see {@link ProbeBatcher#advance}). */
    public void publish(MigrationEvent e) {
        synchronized (batcher) {
            batcher.advance(e.getEventTimeUs()).forEach(b -> signal(b.getVm(), b));
            signal(e.getVm(), e);
        }
    }

    /** What the guest felt, in its VM's order with the VM's events and probes. */
    public void publish(GuestSample g) {
        synchronized (batcher) {
            signal(g.getVm(), g);
        }
    }

    /**
     * Probes wait in their VM's batch; the batches this probe completes are sent now: its own, and other VMs' whose
     * prober went quiet in event time, so a fast source (the simulator, a file) keeps every VM's records close in time.
     */
    public void publish(PingSample s) {
        synchronized (batcher) {
            batcher.advance(s.getSentTimeUs()).forEach(b -> signal(b.getVm(), b));
            batcher.add(s, System.currentTimeMillis()).forEach(b -> signal(b.getVm(), b));
        }
    }

    /** Says a VM's input stopped (a prober stopped, or a recorded run ended), after its open probe batch. */
    public void publishCaptureEnd(String vm, long endTimeUs, CaptureScope scope, String source) {
        synchronized (batcher) {
            flushBatches();
            signal(vm, CaptureEnd.newBuilder().setVm(vm).setEndTimeUs(endTimeUs).setScope(scope).setSource(source)
                    .build());
        }
    }

    /**
     * Sends a signal; callers hold the batcher's lock from taking a batch out to sending it, so the quiet flusher's
     * thread and the publishing thread cannot send one VM's records out of order.
     */
    private void signal(String vm, SpecificRecord value) {
        String topic = topics.signals();
        send(topic, vm, serialize(signals, topic, VmSignal.newBuilder().setSignal(value).build()));
    }

    private void flushQuiet() {
        synchronized (batcher) {
            batcher.flushOpenedBefore(System.currentTimeMillis() - QUIET_MS).forEach(b -> signal(b.getVm(), b));
        }
    }

    /** Sends every open probe batch now. */
    public void flushBatches() {
        synchronized (batcher) {
            batcher.flushAll().forEach(b -> signal(b.getVm(), b));
        }
    }

    public void publish(LinkSample s) {
        String topic = topics.links();
        send(topic, linkKey(s), serialize(links, topic, s));
    }

    /** A rejected line, e.g. from {@code DeadLetters.fromLine(...)}, keyed by its origin. */
    public void publish(DeadLetter d) {
        String topic = topics.deadLetters();
        send(topic, d.getOrigin(), serialize(deadLetters, topic, d));
    }

    /** The key of a link sample: {@code "src->dst"}. */
    public static String linkKey(LinkSample s) {
        return io.migscope.topics.HostPairs.key(s.getSourceHost(), s.getTargetHost());
    }

    public Counters counters() {
        long pending;
        synchronized (lock) {
            pending = spool.pendingRecords() + failed.size();
        }
        return new Counters(sent.get(), spooled.get(), drained.get(), dropped.get(), pending);
    }

    /** Sends the open probe batches and waits for the producer's in-flight records; spooled ones are the drainer's. */
    public void flush() {
        flushBatches();
        producer.flush();
    }

    /** Flushes, then waits until the spool is empty; false if it still holds records after {@code timeout}. */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        flush();
        while (System.nanoTime() < deadline) {
            if (counters().spoolPending() == 0) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private <T extends SpecificRecord> byte[] serialize(Serializer<T> serializer, String topic, T record) {
        try {
            return serializer.serialize(topic, record);
        } catch (RuntimeException e) {
            // Without bytes there is nothing to spool: say exactly what was lost and why.
            dropped.incrementAndGet();
            LOG.error("cannot serialize a {} for {} (record dropped): {}; record: {}",
                    record.getSchema().getName(), topic, e, record);
            return null;
        }
    }

    private void send(String topic, String key, byte[] value) {
        if (value == null) {
            return;
        }
        Spool.Entry rec = new Spool.Entry(-1, -1, topic, key.getBytes(StandardCharsets.UTF_8), value);
        synchronized (lock) {
            moveFailedToSpool();
            if (!spool.isEmpty()) {
                toSpool(rec);
                return;
            }
        }
        try {
            producer.send(new ProducerRecord<>(topic, rec.key(), value), (meta, ex) -> {
                if (ex == null) {
                    sent.incrementAndGet();
                } else {
                    onFailure(rec, ex);
                }
            });
        } catch (RuntimeException ex) {
            // max.block.ms passed without metadata or buffer space: the broker is unreachable.
            onFailure(rec, ex);
            synchronized (lock) {
                moveFailedToSpool();
            }
        }
    }

    /** Runs on the producer's I/O thread, so it only queues; the spool is written under the lock elsewhere. */
    private void onFailure(Spool.Entry rec, Exception ex) {
        if (Failures.isPermanent(ex)) {
            dropped.incrementAndGet();
            LOG.error("record for {} (key {}) rejected for good and dropped: {}", rec.topic(),
                    new String(rec.key(), StandardCharsets.UTF_8), ex.toString());
            return;
        }
        if (outage.compareAndSet(false, true)) {
            LOG.warn("broker unreachable ({}): spooling records to disk until it answers", ex.toString());
        }
        failed.add(rec);
        drainer.wake();
    }

    /** Called by the drainer when the spool has emptied. */
    void outageOver() {
        if (outage.compareAndSet(true, false)) {
            LOG.warn("broker reachable again: spool drained ({})", counters());
        }
    }

    /** Appends queued failures to the spool, in order. Caller holds the lock. */
    void moveFailedToSpool() {
        Spool.Entry e;
        while ((e = failed.poll()) != null) {
            toSpool(e);
        }
    }

    private void toSpool(Spool.Entry rec) {
        boolean ok;
        try {
            ok = spool.append(rec.topic(), rec.key(), rec.value());
        } catch (IOException e) {
            LOG.error("cannot write to the spool: {}", e.toString());
            ok = false;
        }
        if (ok) {
            spooled.incrementAndGet();
            overflow.end(spool, dropped.get());
        } else {
            dropped.incrementAndGet();
            overflow.start(spool, dropped.get());
        }
    }

    Spool spool() {
        return spool;
    }

    Object lock() {
        return lock;
    }

    void countDrained(long n) {
        drained.addAndGet(n);
    }

    void countDropped(long n) {
        dropped.addAndGet(n);
    }

    /** Stops draining, closes the producer (unsent records fail into the spool) and keeps the spool for next time. */
    @Override
    public void close() {
        quietFlusher.shutdownNow();
        flushBatches();
        drainer.close();
        producer.close(CLOSE_TIMEOUT);
        synchronized (lock) {
            moveFailedToSpool();
            Counters c = counters();
            if (c.spoolPending() > 0) {
                LOG.warn("closing with {} records still in the spool; the next run drains them", c.spoolPending());
            }
            try {
                spool.close();
            } catch (IOException e) {
                LOG.error("cannot close the spool: {}", e.toString());
            }
        }
        LOG.info("publisher closed: {}", counters());
    }

    /** Logs an overflow episode loudly once when it starts and once when it ends, with counts. */
    private static final class Overflow {
        private volatile boolean active;
        private long droppedAtStart;

        void start(Spool spool, long droppedNow) {
            if (!active) {
                active = true;
                droppedAtStart = droppedNow - 1;
                LOG.error("SPOOL FULL: {} holds {} bytes (bound collector.spool.max.bytes={}) with {} records waiting;"
                        + " dropping new records until the broker drains it", spool.file(), spool.sizeBytes(), spool.maxBytes(),
                        spool.pendingRecords());
            }
        }

        void end(Spool spool, long droppedNow) {
            if (active) {
                active = false;
                LOG.error("SPOOL FULL episode over: {} records were dropped; {} records waiting in the spool",
                        droppedNow - droppedAtStart, spool.pendingRecords());
            }
        }
    }
}
