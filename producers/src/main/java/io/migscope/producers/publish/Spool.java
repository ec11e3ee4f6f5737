package io.migscope.producers.publish;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of already serialized records (topic, key, value) waiting for the broker, bounded in bytes.
 * Records are read back in the order they were appended. The read position is kept in {@code FILE.pos}, so a
 * restarted collector drains what the last one could not send. When everything is drained the file is emptied.
 *
 * <p>Each entry: {@code int payloadLength, payload, int crc32(payload)}; payload: {@code short topicLength, topic
 * (UTF-8), int keyLength (-1 = null), key, int valueLength (-1 = null), value}. A torn entry at the end (a crash
 * mid-append) is cut off on open. Not thread-safe: the {@link Publisher} calls it under its lock.
 */
final class Spool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final int OVERHEAD = 4 + 2 + 4 + 4 + 4;

    /** One spooled record and where it sits in the file. */
    record Entry(long offset, long next, String topic, byte[] key, byte[] value) {
    }

    private final Path file;
    private final Path posFile;
    private final long maxBytes;
    private final FileChannel channel;
    private long readPos;
    private long end;
    private long pendingRecords;

    Spool(Path file, long maxBytes) throws IOException {
        this.file = file;
        this.posFile = file.resolveSibling(file.getFileName() + ".pos");
        this.maxBytes = maxBytes;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.readPos = readPosFile();
        recover();
    }

    boolean isEmpty() {
        return readPos >= end;
    }

    long pendingRecords() {
        return pendingRecords;
    }

    /** Bytes the file holds, drained or not: this is what the bound limits. */
    long sizeBytes() {
        return end;
    }

    Path file() {
        return file;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Appends one record; false (nothing written) when it would take the file past its bound. */
    boolean append(String topic, byte[] key, byte[] value) throws IOException {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        int payload = 2 + t.length + 4 + len(key) + 4 + len(value);
        if (end + payload + 8 > maxBytes) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(payload + 8);
        b.putInt(payload).putShort((short) t.length).put(t);
        putBytes(b, key);
        putBytes(b, value);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 4, payload);
        b.putInt((int) crc.getValue()).flip();
        while (b.hasRemaining()) {
            end += channel.write(b, end);
        }
        pendingRecords++;
        return true;
    }

    /** Up to {@code max} records from the read position, in order, without consuming them. */
    List<Entry> peek(int max) throws IOException {
        List<Entry> out = new ArrayList<>();
        long pos = readPos;
        while (pos < end && out.size() < max) {
            Entry e = read(pos);
            if (e == null) {
                throw new IOException("spool " + file + " is corrupt at offset " + pos);
            }
            out.add(e);
            pos = e.next();
        }
        return out;
    }

    /** Marks everything before {@code next} as delivered; empties the file once all of it is. */
    void commit(long next, long records) throws IOException {
        readPos = next;
        pendingRecords -= records;
        if (readPos >= end) {
            channel.truncate(0);
            readPos = 0;
            end = 0;
            pendingRecords = 0;
        }
        writePosFile();
    }

    private void recover() throws IOException {
        long size = channel.size();
        if (readPos > size) {
            readPos = 0;
        }
        long pos = readPos;
        long count = 0;
        Entry e;
        while (pos < size && (e = read(pos)) != null) {
            pos = e.next();
            count++;
        }
        if (pos < size) {
            LOG.warn("spool {}: cutting a torn entry at offset {} ({} bytes after it)", file, pos, size - pos);
            channel.truncate(pos);
        }
        end = pos;
        pendingRecords = count;
        if (count > 0) {
            LOG.warn("spool {}: {} records from an earlier run are waiting to be sent", file, count);
        }
    }

    private Entry read(long pos) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4);
        if (channel.read(head, pos) < 4) {
            return null;
        }
        int payload = head.flip().getInt();
        if (payload < OVERHEAD - 8 || pos + 8 + payload > channel.size()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(payload + 4);
        while (b.hasRemaining() && channel.read(b, pos + 4 + b.position()) > 0) {
            // keep reading until the entry is complete
        }
        b.flip();
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, payload);
        if ((int) crc.getValue() != b.getInt(payload)) {
            return null;
        }
        byte[] topic = new byte[b.getShort()];
        b.get(topic);
        byte[] key = getBytes(b);
        byte[] value = getBytes(b);
        return new Entry(pos, pos + 8 + payload, new String(topic, StandardCharsets.UTF_8), key, value);
    }

    private long readPosFile() throws IOException {
        if (!Files.exists(posFile)) {
            return 0;
        }
        try {
            return Long.parseLong(Files.readString(posFile).strip());
        } catch (NumberFormatException e) {
            LOG.warn("spool {}: unreadable position file {}, draining from the start", file, posFile);
            return 0;
        }
    }

    private void writePosFile() throws IOException {
        Path tmp = posFile.resolveSibling(posFile.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(readPos));
        Files.move(tmp, posFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void putBytes(ByteBuffer b, byte[] bytes) {
        if (bytes == null) {
            b.putInt(-1);
        } else {
            b.putInt(bytes.length).put(bytes);
        }
    }

    private static byte[] getBytes(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.force(true);
        channel.close();
    }
}
