package io.migscope.producers.collect;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code iftop -t -n -N -P -B -i IFACE} (no {@code -s}, so it prints a block every 2 s until stopped).
 * iftop blocks carry no timestamp, so every line of a block is handed on with one stamp: the receive time of the
 * {@code =====} rule that closes it (see {@link BlockStamper}). iftop needs CAP_NET_RAW to capture.
 *
 * <p>First it asks {@code ip -j addr} for the interface's addresses and hands each on in the words iftop itself
 * prints them with on stderr ({@code IP address is: A}, {@code IPv6 address is: B}): the parser then knows the
 * measuring host's end of every flow, and a recording keeps them for a replay. Without {@code ip} it goes on, and
 * says so.
 */
public final class IftopCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IftopCollector.class);
    private final String iface;
    private final BlockStamper stamper;
    private final ProcessLines process;

    public IftopCollector(String iface, LineSink sink) {
        this.iface = iface;
        this.stamper = new BlockStamper(sink);
        this.process = new ProcessLines("iftop " + iface, command(iface), stamper)
                .lineBuffered(true)
                .restartAfter(Duration.ofSeconds(1));
    }

    /** The iftop command line: numeric hosts and ports, ports shown, rates in bytes. */
    public static List<String> command(String iface) {
        return List.of("iftop", "-t", "-n", "-N", "-P", "-B", "-i", iface);
    }

    public IftopCollector start() {
        try {
            for (String a : InterfaceAddresses.of(iface)) {
                stamper.accept(EpochMicros.now(), (a.contains(":") ? "IPv6" : "IP") + " address is: " + a);
            }
        } catch (IOException e) {
            LOG.warn("iftop {}: the interface's addresses are unknown ({}); flows are taken as iftop orders them",
                    iface, e.getMessage());
        }
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
