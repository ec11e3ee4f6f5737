package io.migscope.producers.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.migscope.producers.collect.IftopCollector;
import io.migscope.producers.collect.Recorder;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real iftop on a veth while a known number of bytes crosses it from the namespace to a socket in the root side. */
class IftopSystemTest {
    private static final long BYTES = 6L * 1024 * 1024;
    /** A pair line: "   1 10.213.9.1:40000    =>   1.2MB  ...  5.93MB"; the last column is cumulative bytes. */
    private static final Pattern PAIR = Pattern.compile("^\\s*(?:\\d+\\s+)?(\\S+)\\s+(=>|<=)\\s+.*\\s(\\d+(?:\\.\\d+)?)([KMG]?B)$");
    private static VethNamespace net;
    private static Process closeLater;

    @BeforeAll
    static void network() {
        SystemTools.require("iftop");
        SystemTools.require("ip");
        SystemTools.require("bash");
        SystemTools.requireThat(SystemTools.canUseNetns(), "cannot create network namespaces (needs root)");
        net = VethNamespace.create();
    }

    @AfterAll
    static void cleanUp() {
        if (closeLater != null) {
            closeLater.destroyForcibly();
        }
        if (net != null) {
            net.close();
        }
    }

    @Test
    void recordsTheCumulativeBytesOfAKnownTransfer(@TempDir Path dir) throws Exception {
        Path recorded = dir.resolve("iftop.rec");
        Captured live = new Captured();
        AtomicLong received = new AtomicLong();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName(net.rootAddr));
             Recorder recorder = new Recorder(recorded);
             IftopCollector iftop = new IftopCollector(net.rootIface, recorder.andThen(live)).start()) {
            // iftop only prints a block when a packet arrives after its 2 s tick: keep a trickle going so the
            // blocks keep coming once the transfer is over.
            Process trickle = new ProcessBuilder("ping", "-q", "-i", "0.2", net.nsAddr).start();
            closeLater = trickle;
            Thread sink = new Thread(() -> drain(server, received));
            sink.start();
            // The first closing rule shows iftop is capturing; bytes sent before that would not be counted.
            await().atMost(Duration.ofSeconds(15)).until(() -> live.count("=====") >= 1);
            net.inNs("bash", "-c", "head -c " + BYTES + " /dev/zero > /dev/tcp/" + net.rootAddr + "/" + server.getLocalPort())
                    .orThrow("send bytes from the namespace");
            sink.join(10_000);
            assertThat(received.get()).isEqualTo(BYTES);
            long blocks = live.count("=====");
            await().atMost(Duration.ofSeconds(10)).until(() -> live.count("=====") >= blocks + 2);
            int port = server.getLocalPort();

            List<List<String>> recordedBlocks = blocks(Files.readAllLines(recorded));
            List<String> last = recordedBlocks.get(recordedBlocks.size() - 1);
            List<Long> cumulative = new ArrayList<>();
            List<String> hosts = new ArrayList<>();
            for (String line : last) {
                Matcher m = PAIR.matcher(line);
                if (m.find()) {
                    hosts.add(m.group(1));
                    cumulative.add(bytes(m.group(3), m.group(4)));
                }
            }
            assertThat(hosts).contains(net.rootAddr + ":" + port);
            assertThat(hosts).anyMatch(h -> h.startsWith(net.nsAddr + ":"));
            // Cumulative is bytes with a 1024 divisor; IP and TCP headers add a few percent over the payload.
            trickle.destroy();
            assertThat(cumulative.stream().mapToLong(Long::longValue).max().orElse(0))
                    .isBetween((long) (BYTES * 0.9), (long) (BYTES * 1.1));
        }
    }

    /** Splits recorded lines into blocks at the closing rule, checking every line of a block has the rule's stamp. */
    private static List<List<String>> blocks(List<String> recorded) {
        List<List<String>> out = new ArrayList<>();
        List<String> block = new ArrayList<>();
        List<Long> stamps = new ArrayList<>();
        for (String r : recorded) {
            int tab = r.indexOf('\t');
            long us = Long.parseLong(r.substring(0, tab));
            String raw = r.substring(tab + 1);
            block.add(raw);
            stamps.add(us);
            if (raw.startsWith("=====")) {
                assertThat(stamps).as("one stamp per iftop block").containsOnly(us);
                out.add(block);
                block = new ArrayList<>();
                stamps = new ArrayList<>();
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(3);
        return out;
    }

    private static long bytes(String number, String unit) {
        double n = Double.parseDouble(number);
        return (long) switch (unit) {
            case "KB" -> n * 1024;
            case "MB" -> n * 1024 * 1024;
            case "GB" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    private static void drain(ServerSocket server, AtomicLong received) {
        try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                received.addAndGet(n);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
