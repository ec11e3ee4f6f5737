package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migscope.avro.MigrationSummary;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.collect.IftopCollector;
import io.migscope.producers.collect.LineSink;
import io.migscope.producers.collect.QmpCollector;
import io.migscope.producers.collect.Recorder;
import io.migscope.producers.system.SystemTools;
import io.migscope.producers.system.VethNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real QEMU migrations across a veth pair, measured by real iftop, through the parsers and the streams core: the
 * source QEMU in the root network namespace ({@code node-a}), the destination in its own namespace ({@code node-b})
 * with {@code -incoming tcp:<its address>:<port>}, iftop on the root end of the veth with {@code -t -n -N -P -B},
 * started 3 s before the migration (iftop counts nothing in its first ~2 s). The guests are tiny (16 and 32 MiB of
 * random memory, so every page is sent) and the bandwidth is capped at 8 MiB/s, so a migration lasts a few iftop
 * intervals. The collectors are told host names only ({@code --host node-a}, {@code --host node-b}).
 *
 * <p>Set {@code MIGSCOPE_WIRE_CAPTURE_DIR} to keep the recordings (the fixtures of {@code WireOrderTest} came from
 * here).
 */
@ExtendWith(MigscopeKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BANDWIDTH = 8L << 20;
    private static final int FIRST_PORT = 49152;
    private VethNamespace net;
    private Path ram;
    private WireCapture one;
    private WireCapture two;

    @BeforeAll
    void network(@TempDir Path dir) throws Exception {
        SystemTools.require("qemu-system-x86_64");
        SystemTools.require("iftop");
        SystemTools.require("ip");
        SystemTools.require("ping");
        SystemTools.requireThat(SystemTools.canUseNetns(), "cannot create network namespaces (needs root)");
        net = VethNamespace.create();
        // Random memory: QEMU sends zero pages as a few bytes each, so an idle guest would move almost nothing.
        byte[] bytes = new byte[32 << 20];
        new Random(21).nextBytes(bytes);
        ram = Files.write(dir.resolve("ram.bin"), bytes);
        one = capture(dir.resolve("one"), List.of(32));
        two = capture(dir.resolve("two"), List.of(32, 16));
    }

    @AfterAll
    void cleanUp() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void theInventoryAloneAttributesTheBytesOfAMigrationDeclaredByHostNames(KafkaStack stack, @TempDir Path state) {
        Map<String, MigrationSummary> summaries = one.summaries(stack, state, Map.of(
                "hosts.node-a.addresses", net.rootAddr, "hosts.node-b.addresses", net.nsAddr), false);
        MigrationSummary s = summaries.get(one.migrationId(summaries, 0));
        assertThat(s.getSourceHost()).isEqualTo("node-a");
        assertThat(s.getTargetHost()).isEqualTo("node-b");
        assertThat(s.getAddresses()).noneMatch(f -> f.getSource().startsWith("qmp"));
        withinFivePercent(s, one.transferred().get(0));
    }

    @Test
    void addressesLearnedFromTheQmpUriAloneAttributeWithAnEmptyInventory(KafkaStack stack, @TempDir Path state) {
        Map<String, MigrationSummary> summaries = one.summaries(stack, state, Map.of(), true);
        MigrationSummary s = summaries.get(one.migrationId(summaries, 0));
        withinFivePercent(s, one.transferred().get(0));
        assertThat(s.getAddresses()).anySatisfy(f -> {
            assertThat(f.getSource()).isEqualTo("qmp migrate uri");
            assertThat(f.getAddress()).isEqualTo(net.nsAddr);
            assertThat(f.getPort()).isEqualTo(FIRST_PORT);
        });
        // What iftop showed: the source's own address, learned from the flow on the migration's port.
        assertThat(s.getAddresses()).anySatisfy(f -> {
            assertThat(f.getRole()).isEqualTo("source");
            assertThat(f.getAddress()).isEqualTo(net.rootAddr);
        });
    }

    @Test
    void withNeitherInventoryNorLearnedAddressesTheBytesCannotBePlaced(KafkaStack stack, @TempDir Path state) {
        Map<String, MigrationSummary> summaries = one.summaries(stack, state, Map.of(), false);
        MigrationSummary s = summaries.get(one.migrationId(summaries, 0));
        assertThat(s.getWireBytes()).isNull();
        assertThat(s.getWireBytesNote()).contains("no address of node-b is known");
    }

    @Test
    void twoMigrationsAtOnceBetweenTheSameHostsOnTwoPortsGetTheirOwnBytes(KafkaStack stack, @TempDir Path state) {
        Map<String, MigrationSummary> summaries = two.summaries(stack, state, Map.of(), true);
        assertThat(two.transferred().get(0)).as("guests of different sizes").isGreaterThan(
                (long) (two.transferred().get(1) * 1.5));
        for (int i = 0; i < 2; i++) {
            MigrationSummary s = summaries.get(two.migrationId(summaries, i));
            withinFivePercent(s, two.transferred().get(i));
            assertThat(s.getWireBytesNote()).as("split by port, not shared").isNull();
        }
    }

    private static void withinFivePercent(MigrationSummary s, long transferred) {
        assertThat(s.getOutcome()).isEqualTo("completed");
        assertThat(s.getWireBytes()).as("wire bytes of %s (QEMU transferred %d); note: %s", s.getMigrationId(),
                transferred, s.getWireBytesNote()).isNotNull();
        assertThat((double) s.getWireBytes()).as("wire bytes of %s against QEMU's transferred", s.getMigrationId())
                .isCloseTo(transferred, within(transferred * 0.05));
        assertThat(s.getHypervisorBytes()).isEqualTo(transferred);
        assertThat(s.getWireBytesRatio()).isCloseTo((double) s.getWireBytes() / transferred, within(1e-9));
    }

    /** One run: a migration per guest size, all started at once, each to its own port on the destination. */
    private WireCapture capture(Path dir, List<Integer> guestsMib) throws Exception {
        Files.createDirectories(dir);
        List<Process> processes = new ArrayList<>();
        List<AutoCloseable> closeables = new ArrayList<>();
        List<QmpCollector> sources = new ArrayList<>();
        List<Lines> sourceLines = new ArrayList<>();
        try {
            for (int i = 0; i < guestsMib.size(); i++) {
                Path dst = dir.resolve("dst-" + i + ".qmp");
                Path src = dir.resolve("src-" + i + ".qmp");
                List<String> dstCmd = new ArrayList<>(List.of("ip", "netns", "exec", net.ns));
                dstCmd.addAll(qemu(dst, guestsMib.get(i), null));
                dstCmd.addAll(List.of("-incoming", "tcp:" + net.nsAddr + ":" + (FIRST_PORT + i)));
                processes.add(start(dstCmd, dir.resolve("dst-" + i + ".log")));
                processes.add(start(qemu(src, guestsMib.get(i), ram), dir.resolve("src-" + i + ".log")));
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dst) && Files.exists(src));
                Recorder dr = closing(closeables, new Recorder(dir.resolve("qmp-dst-" + i + ".rec")));
                closing(closeables, new QmpCollector(dst, dr, true).start());
                Lines lines = new Lines();
                Recorder sr = closing(closeables, new Recorder(dir.resolve("qmp-src-" + i + ".rec")));
                sources.add(closing(closeables, new QmpCollector(src, sr.andThen(lines), true).start()));
                sourceLines.add(lines);
            }
            // iftop prints a block only when a packet comes after its 2 s tick: a trickle keeps the blocks coming.
            processes.add(new ProcessBuilder("ping", "-q", "-i", "0.2", net.nsAddr).start());
            Lines iftop = new Lines();
            Recorder ir = closing(closeables, new Recorder(dir.resolve("iftop.rec")));
            long iftopStart = System.nanoTime();
            closing(closeables, new IftopCollector(net.rootIface, ir.andThen(iftop)).start());
            await().atMost(Duration.ofSeconds(15)).until(() -> iftop.count("=====") >= 1
                    && System.nanoTime() - iftopStart >= TimeUnit.SECONDS.toNanos(3));
            for (int i = 0; i < sources.size(); i++) {
                JsonNode limit = sources.get(i).execute("migrate-set-parameters",
                        JSON.createObjectNode().put("max-bandwidth", BANDWIDTH)).get(10, TimeUnit.SECONDS);
                assertThat(limit.has("return")).as("bandwidth limit: %s", limit).isTrue();
            }
            for (int i = 0; i < sources.size(); i++) {
                sources.get(i).execute("migrate", JSON.createObjectNode().put("uri", "tcp:" + net.nsAddr + ":"
                        + (FIRST_PORT + i)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> sourceLines.stream().allMatch(l -> finalReturn(l) != null));
            // The block after the end holds the last bytes; one more shows the flows at rest.
            long blocks = iftop.count("=====");
            await().atMost(Duration.ofSeconds(15)).until(() -> iftop.count("=====") >= blocks + 2);
        } finally {
            for (int i = closeables.size() - 1; i >= 0; i--) {
                closeables.get(i).close();
            }
            for (Process p : processes) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        keep(dir);
        return WireCapture.read(dir, guestsMib.size());
    }

    private static List<String> qemu(Path qmp, int mib, Path ram) {
        String backend = ram == null ? "memory-backend-ram,id=mem,size=" + mib + "M"
                : "memory-backend-file,id=mem,size=" + mib + "M,mem-path=" + ram + ",share=off";
        return new ArrayList<>(List.of("qemu-system-x86_64", "-nodefaults", "-display", "none", "-accel", "tcg",
                "-machine", "q35,memory-backend=mem", "-m", mib + "M", "-object", backend,
                "-qmp", "unix:" + qmp + ",server=on,wait=off"));
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static <T extends AutoCloseable> T closing(List<AutoCloseable> list, T c) {
        list.add(c);
        return c;
    }

    private static JsonNode finalReturn(Lines lines) {
        for (String line : lines.all()) {
            try {
                JsonNode n = JSON.readTree(line);
                if (n.has("return") && "completed".equals(n.path("return").path("status").asText())
                        && n.path("return").path("ram").has("transferred")) {
                    return n;
                }
            } catch (IOException e) {
                // not JSON: not a reply
            }
        }
        return null;
    }

    /** Copies the recordings where MIGSCOPE_WIRE_CAPTURE_DIR says, to become fixtures. */
    private static void keep(Path dir) throws IOException {
        String to = System.getenv("MIGSCOPE_WIRE_CAPTURE_DIR");
        if (to == null || to.isBlank()) {
            return;
        }
        Path out = Files.createDirectories(Path.of(to).resolve(dir.getFileName()));
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".rec")).toList()) {
                Files.copy(f, out.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Every line a collector handed on, for the test to wait on. */
    private static final class Lines implements LineSink {
        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void accept(long receivedUs, String line) {
            lines.add(line);
        }

        synchronized List<String> all() {
            return List.copyOf(lines);
        }

        synchronized long count(String contains) {
            return lines.stream().filter(l -> l.contains(contains)).count();
        }
    }
}
