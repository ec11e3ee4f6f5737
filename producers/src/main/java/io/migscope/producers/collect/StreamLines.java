package io.migscope.producers.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a stream (stdin, a pipe, a finished file) line by line on its own thread until it ends, stamping each line
 * at receipt. For {@code kubectl get -w -o json | migscope collect kubevirt}, put a {@link JsonFramer} in front of
 * the parser so pretty-printed objects arrive one per line.
 */
public final class StreamLines implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamLines.class);

    private final String name;
    private final InputStream in;
    private final LineSink sink;
    private final AtomicLong lines = new AtomicLong();
    private final CountDownLatch ended = new CountDownLatch(1);
    private Thread reader;

    public StreamLines(String name, InputStream in, LineSink sink) {
        this.name = name;
        this.in = in;
        this.sink = sink;
    }

    public StreamLines start() {
        reader = new Thread(this::run, "stream-" + name);
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    public long lines() {
        return lines.get();
    }

    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                SafeSink.deliver(sink, name, lines.incrementAndGet(), EpochMicros.now(), line);
            }
        } catch (IOException e) {
            LOG.warn("{}: read failed after {} lines: {}", name, lines.get(), e.toString());
        } finally {
            SafeSink.end(sink, name);
            ended.countDown();
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("{}: close: {}", name, e.toString());
        }
    }
}
