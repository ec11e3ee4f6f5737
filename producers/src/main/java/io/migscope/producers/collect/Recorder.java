package io.migscope.producers.collect;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --record FILE}: writes every line a source read, exactly, with its receive stamp, so a run can be replayed
 * through the same parser later. Format, one line per input line: {@code <epoch_us>\t<raw line>\n}. The raw line
 * is written byte for byte (it may itself contain tabs; only the first tab separates). iftop lines all carry their
 * block's stamp (the closing rule's receipt), so a replay sees the same stamps the live run did. QMP
 * {@code query-migrate} replies are recorded as handed on, with their added {@code timestamp}.
 *
 * <p>Appends to an existing file; flushes every line so a killed collector loses nothing it had read.
 */
public final class Recorder implements LineSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final Path file;
    private final BufferedWriter out;
    private long written;

    public Recorder(Path file) throws IOException {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    @Override
    public synchronized void accept(long receivedUs, String line) {
        try {
            out.write(Long.toString(receivedUs));
            out.write('\t');
            out.write(line);
            out.write('\n');
            out.flush();
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record to " + file, e);
        }
    }

    public synchronized long written() {
        return written;
    }

    @Override
    public void end() {
        close();
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("closing record file {}: {}", file, e.toString());
        }
    }

    /**
     * Replays a recorded file into {@code sink} with the recorded stamps, as fast as it can, then calls
     * {@link LineSink#end()}. A line that is not {@code <epoch_us>\t<raw>} is logged with its number and skipped.
     *
     * @return the number of lines handed on
     */
    public static long replay(Path file, LineSink sink) throws IOException {
        long handed = 0;
        long lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                int tab = line.indexOf('\t');
                Long us = tab > 0 ? parseLong(line.substring(0, tab)) : null;
                if (us == null) {
                    LOG.error("{}:{}: not a recorded line, expected <epoch_us>TAB<raw line>: {}", file, lineNo, line);
                    continue;
                }
                SafeSink.deliver(sink, file.toString(), lineNo, us, line.substring(tab + 1));
                handed++;
            }
        }
        SafeSink.end(sink, file.toString());
        return handed;
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
