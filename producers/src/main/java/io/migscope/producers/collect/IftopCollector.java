package io.migscope.producers.collect;

import java.time.Duration;
import java.util.List;

/**
 * Runs {@code iftop -t -n -N -P -B -i IFACE} (no {@code -s}, so it prints a block every 2 s until stopped).
 * iftop blocks carry no timestamp, so every line of a block is handed on with one stamp: the receive time of the
 * {@code =====} rule that closes it (see {@link BlockStamper}). iftop needs CAP_NET_RAW to capture.
 */
public final class IftopCollector implements AutoCloseable {
    private final String iface;
    private final ProcessLines process;

    public IftopCollector(String iface, LineSink sink) {
        this.iface = iface;
        this.process = new ProcessLines("iftop " + iface, command(iface), new BlockStamper(sink))
                .lineBuffered(true)
                .restartAfter(Duration.ofSeconds(1));
    }

    /** The iftop command line: numeric hosts and ports, ports shown, rates in bytes. */
    public static List<String> command(String iface) {
        return List.of("iftop", "-t", "-n", "-N", "-P", "-B", "-i", iface);
    }

    public IftopCollector start() {
        process.start();
        return this;
    }

    public String iface() {
        return iface;
    }

    public List<String> spawned() {
        return process.command();
    }

    @Override
    public void close() {
        process.close();
    }
}
