package io.migscope.producers.publish;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the spool in order, a batch at a time, and commits the delivered prefix. A record delivered after one that
 * failed (another partition) is remembered, so the retry does not send it twice. Backs off while the broker is away.
 */
final class Drainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Drainer.class);
    private static final int BATCH = 500;
    private static final long MIN_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Publisher publisher;
    private final Producer<byte[], byte[]> producer;
    private final Set<Long> deliveredAhead = new HashSet<>();
    private final Thread thread;
    private volatile boolean closed;
    private long backoffMs = MIN_BACKOFF_MS;

    Drainer(Publisher publisher, Producer<byte[], byte[]> producer) {
        this.publisher = publisher;
        this.producer = producer;
        this.thread = new Thread(this::run, "spool-drainer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void wake() {
        synchronized (this) {
            notifyAll();
        }
    }

    private void run() {
        while (!closed) {
            try {
                List<Spool.Entry> batch;
                synchronized (publisher.lock()) {
                    publisher.moveFailedToSpool();
                    batch = publisher.spool().peek(BATCH);
                }
                if (batch.isEmpty()) {
                    publisher.outageOver();
                    pause(100);
                } else if (sendBatch(batch)) {
                    backoffMs = MIN_BACKOFF_MS;
                } else {
                    pause(backoffMs);
                    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                LOG.error("spool drain failed, retrying: {}", e.toString());
                sleepQuietly();
            }
        }
    }

    /** @return true when every record of the batch is done (delivered or dropped for good) */
    private boolean sendBatch(List<Spool.Entry> batch) throws IOException, InterruptedException {
        @SuppressWarnings("unchecked")
        Future<RecordMetadata>[] acks = new Future[batch.size()];
        // Metadata first: without it send() blocks for max.block.ms and then fails, and a record failing that way
        // while later ones get through would break the order.
        try {
            producer.partitionsFor(batch.get(0).topic());
        } catch (RuntimeException e) {
            LOG.warn("spool drain: broker still unreachable ({}), {} records waiting; retrying in {} ms",
                    e.toString(), publisher.spool().pendingRecords(), backoffMs);
            return false;
        }
        for (int i = 0; i < batch.size(); i++) {
            Spool.Entry e = batch.get(i);
            if (!deliveredAhead.contains(e.offset())) {
                acks[i] = send(e);
                if (acks[i] instanceof CompletableFuture<?> f && f.isCompletedExceptionally()) {
                    // Could not even start: send nothing after it, so nothing overtakes it.
                    for (int j = i + 1; j < batch.size(); j++) {
                        acks[j] = CompletableFuture.failedFuture(new IllegalStateException("not sent: an earlier record failed"));
                    }
                    break;
                }
            }
        }
        long committedNext = -1;
        long committed = 0;
        long delivered = 0;
        boolean prefix = true;
        Exception firstError = null;
        for (int i = 0; i < batch.size(); i++) {
            Spool.Entry e = batch.get(i);
            Exception error = acks[i] == null ? null : outcome(acks[i]);
            boolean done = error == null || Failures.isPermanent(error);
            if (error == null && acks[i] != null) {
                delivered++;
            } else if (error != null && done) {
                publisher.countDropped(1);
                LOG.error("spooled record for {} rejected for good and dropped: {}", e.topic(), error.toString());
            }
            if (prefix && done) {
                committedNext = e.next();
                committed++;
                deliveredAhead.remove(e.offset());
            } else {
                prefix = false;
                firstError = firstError == null ? error : firstError;
                if (error == null) {
                    deliveredAhead.add(e.offset());
                }
            }
        }
        publisher.countDrained(delivered);
        if (committed > 0) {
            synchronized (publisher.lock()) {
                publisher.spool().commit(committedNext, committed);
            }
        }
        if (firstError != null) {
            LOG.warn("spool drain: broker still unreachable ({}), {} records waiting; retrying in {} ms",
                    firstError.toString(), batch.size() - committed, backoffMs);
        }
        return prefix;
    }

    /** A send that cannot even start (max.block.ms passed) counts as a failed delivery of that record. */
    private Future<RecordMetadata> send(Spool.Entry e) {
        try {
            return producer.send(new ProducerRecord<>(e.topic(), e.key(), e.value()));
        } catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    private static Exception outcome(Future<RecordMetadata> ack) throws InterruptedException {
        try {
            ack.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof Exception c ? c : e;
        }
    }

    private synchronized void pause(long ms) throws InterruptedException {
        wait(ms);
    }

    private void sleepQuietly() {
        try {
            TimeUnit.MILLISECONDS.sleep(MAX_BACKOFF_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
