package io.migscope.producers.collect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tail -F} for nova-compute.log: follows a file as it grows and across rotation. A rename-and-create rotation
 * shows as a new inode at the path: the old file is read to its end first, then the new one from its start. A
 * copy-and-truncate rotation shows as the file becoming shorter than what was read: reading restarts at 0.
 * A trailing partial line is held until its newline arrives (or until its file is rotated away).
 */
public final class FileTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileTailer.class);

    private final Path file;
    private final LineSink sink;
    private final boolean fromStart;
    private final AtomicLong lines = new AtomicLong();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    private Duration pollInterval = Duration.ofMillis(200);
    private volatile boolean closed;
    private FileChannel channel;
    private Object fileKey;
    private long position;
    private boolean firstOpen = true;
    private Thread thread;

    /** @param fromStart read the file from its beginning; otherwise start at its current end, like tail -F */
    public FileTailer(Path file, LineSink sink, boolean fromStart) {
        this.file = file;
        this.sink = sink;
        this.fromStart = fromStart;
    }

    /** How often to look for new data and rotation (default 200 ms). Call before start. */
    public FileTailer pollInterval(Duration interval) {
        this.pollInterval = interval;
        return this;
    }

    public FileTailer start() {
        thread = new Thread(this::run, "tail-" + file.getFileName());
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    public long lines() {
        return lines.get();
    }

    private void run() {
        try {
            while (!closed) {
                step();
                Thread.sleep(pollInterval.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeChannel();
            SafeSink.end(sink, file.toString());
        }
    }

    /** One poll: open if needed, read what is new, then handle rotation or truncation. */
    void step() {
        try {
            if (channel == null && !open()) {
                return;
            }
            readToEnd();
            Object keyNow = currentKey();
            if (keyNow != null && !Objects.equals(keyNow, fileKey)) {
                LOG.info("{} was rotated (new inode): finishing the old file, then reading the new one", file);
                readToEnd();
                flushPartial();
                closeChannel();
                open();
                readToEnd();
            } else if (channel.size() < position) {
                LOG.warn("{} shrank from {} to {} bytes (truncated): reading again from its start", file, position, channel.size());
                flushPartial();
                position = 0;
                readToEnd();
            }
        } catch (IOException e) {
            LOG.warn("{}: {}; will retry", file, e.toString());
            closeChannel();
        }
    }

    private boolean open() throws IOException {
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        fileKey = currentKey();
        position = firstOpen && !fromStart ? channel.size() : 0;
        firstOpen = false;
        return true;
    }

    private Object currentKey() {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private void readToEnd() throws IOException {
        while (true) {
            buf.clear();
            int n = channel.read(buf, position);
            if (n <= 0) {
                return;
            }
            long receivedUs = EpochMicros.now();
            position += n;
            buf.flip();
            while (buf.hasRemaining()) {
                byte b = buf.get();
                if (b == '\n') {
                    emit(receivedUs);
                } else {
                    partial.write(b);
                }
            }
        }
    }

    private void flushPartial() {
        if (partial.size() > 0) {
            emit(EpochMicros.now());
        }
    }

    private void emit(long receivedUs) {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        SafeSink.deliver(sink, file.toString(), lines.incrementAndGet(), receivedUs, line);
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("{}: close: {}", file, e.toString());
            }
            channel = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
