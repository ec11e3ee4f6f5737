package io.migscope.app;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/** A record the broker did not take makes the answer wrong: count and keep the first error, then fail loudly. */
public final class SendFailures implements Callback {
    private final AtomicLong count = new AtomicLong();
    private volatile Exception first;

    @Override
    public void onCompletion(RecordMetadata metadata, Exception e) {
        if (e != null && count.getAndIncrement() == 0) {
            first = e;
        }
    }

    /** Throws when any send failed since the last check, saying what the loss means ({@code consequence}). */
    public void check(String consequence) {
        long n = count.getAndSet(0);
        if (n > 0) {
            throw new IllegalStateException(n + " records could not be published; " + consequence + ": " + first, first);
        }
    }
}
