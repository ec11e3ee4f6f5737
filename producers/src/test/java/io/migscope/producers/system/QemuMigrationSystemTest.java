package io.migscope.producers.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.producers.parse.ParseContext;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migscope.producers.collect.QmpCollector;
import io.migscope.producers.collect.Recorder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real live migration between two local QEMU processes (no disk, the guest sits in the BIOS), watched by the QMP
 * collector on both sides with the {@code events} capability on.
 */
class QemuMigrationSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Process> qemus = new ArrayList<>();

    @AfterEach
    void stopQemu() throws InterruptedException {
        for (Process p : qemus) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(90)
    void recordsStatusSequencePassesAndFinalStatistics(@TempDir Path dir) throws Exception {
        SystemTools.require("qemu-system-x86_64");
        String accel = Files.isReadable(Path.of("/dev/kvm")) && Files.isWritable(Path.of("/dev/kvm")) ? "kvm" : "tcg";
        int port = freePort();
        Path srcSock = dir.resolve("src.qmp");
        Path dstSock = dir.resolve("dst.qmp");
        qemus.add(qemu(accel, srcSock, null, dir.resolve("src.log")));
        qemus.add(qemu(accel, dstSock, "tcp:127.0.0.1:" + port, dir.resolve("dst.log")));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(srcSock) && Files.exists(dstSock));

        Path srcRec = dir.resolve("src.rec");
        Path dstRec = dir.resolve("dst.rec");
        Captured src = new Captured();
        Captured dst = new Captured();
        try (Recorder sr = new Recorder(srcRec); Recorder dr = new Recorder(dstRec);
             QmpCollector dstQmp = new QmpCollector(dstSock, dr.andThen(dst), true).start();
             QmpCollector srcQmp = new QmpCollector(srcSock, sr.andThen(src), true).start()) {
            // An idle guest migrates in ~50 ms; 512 KiB/s (max-bandwidth is bytes/s) stretches it to ~2 s of polling.
            JsonNode limit = srcQmp.execute("migrate-set-parameters",
                    JSON.createObjectNode().put("max-bandwidth", 512 * 1024)).get(10, TimeUnit.SECONDS);
            assertThat(limit.has("return")).as("bandwidth limit accepted: %s", limit).isTrue();
            JsonNode reply = srcQmp.execute("migrate", JSON.createObjectNode().put("uri", "tcp:127.0.0.1:" + port))
                    .get(10, TimeUnit.SECONDS);
            assertThat(reply.has("return")).as("migrate accepted: %s", reply).isTrue();
            await().atMost(Duration.ofSeconds(40)).until(() -> finalReturn(src.lines()) != null && dst.count("RESUME") > 0);
            JsonNode last = finalReturn(src.lines());
            // Ask once more by hand: the recorded final statistics must be what QEMU reports, unchanged.
            JsonNode manual = srcQmp.execute("query-migrate", null).get(10, TimeUnit.SECONDS).get("return");
            assertThat(last.get("return")).isEqualTo(manual);
        }

        List<JsonNode> srcLines = parse(srcRec);
        List<String> statuses = new ArrayList<>();
        for (JsonNode n : srcLines) {
            if ("MIGRATION".equals(n.path("event").asText())) {
                statuses.add(n.path("data").path("status").asText());
                assertThat(n.path("timestamp").path("seconds").asLong()).isPositive();
            }
        }
        assertThat(statuses).containsSubsequence("setup", "active", "completed");
        assertThat(srcLines).anyMatch(n -> "MIGRATION_PASS".equals(n.path("event").asText())
                && n.path("data").path("pass").asInt() >= 1);
        assertThat(srcLines).anyMatch(n -> "STOP".equals(n.path("event").asText()));
        List<JsonNode> stats = srcLines.stream().filter(n -> n.has("return") && n.has("timestamp")).toList();
        JsonNode fin = stats.get(stats.size() - 1);
        assertThat(fin.path("return").path("status").asText()).isEqualTo("completed");
        assertThat(fin.path("return").path("ram").path("transferred").asLong()).isPositive();
        assertThat(fin.path("timestamp").path("microseconds").asLong()).isBetween(0L, 999_999L);
        List<Long> activePolls = stats.stream().filter(n -> "active".equals(n.path("return").path("status").asText()))
                .map(n -> n.path("timestamp").path("seconds").asLong() * 1_000_000 + n.path("timestamp").path("microseconds").asLong())
                .toList();
        assertThat(activePolls).as("query-migrate polled while active").hasSizeGreaterThanOrEqualTo(5);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < activePolls.size(); i++) {
            gaps.add(activePolls.get(i) - activePolls.get(i - 1));
        }
        gaps.sort(null);
        assertThat(gaps.get(gaps.size() / 2)).as("median poll gap, us").isBetween(80_000L, 150_000L);
        assertThat(parse(dstRec)).anyMatch(n -> "RESUME".equals(n.path("event").asText()));

        // The qmp parser reads the same recording: QEMU's statuses in order, its passes, and its final statistics
        // in bytes and bytes/s (mbps is megabits/s; dirty-pages-rate is pages/s times the page size).
        List<MigrationEvent> events = RecordingParse.records(srcRec, "qmp", ParseContext.defaults(srcRec.toString())
                .withIdentity("vm-qemu", null, "localhost", "source"), MigrationEvent.class);
        assertThat(events.stream().filter(e -> e.getKind() == EventKind.STATUS).map(MigrationEvent::getStatus).toList())
                .containsSubsequence("setup", "active", "completed");
        assertThat(events).anyMatch(e -> e.getKind() == EventKind.PASS && e.getPass() != null && e.getPass() >= 1);
        MigrationEvent finalStats = events.stream().filter(e -> e.getKind() == EventKind.STATS).reduce((a, b) -> b)
                .orElseThrow();
        JsonNode ram = fin.path("return").path("ram");
        assertThat(finalStats.getStats().getRamTransferredBytes()).isEqualTo(ram.path("transferred").asLong());
        assertThat(finalStats.getStats().getBandwidthBytesPerSec())
                .isEqualTo(Math.round(ram.path("mbps").asDouble() * 1_000_000 / 8));
        assertThat(finalStats.getStats().getDowntimeMs()).isEqualTo(fin.path("return").path("downtime").asLong());
        assertThat(finalStats.getEventTimeUs()).isEqualTo(fin.path("timestamp").path("seconds").asLong() * 1_000_000
                + fin.path("timestamp").path("microseconds").asLong());
    }

    private static JsonNode finalReturn(List<Captured.Line> lines) throws IOException {
        for (int i = lines.size() - 1; i >= 0; i--) {
            JsonNode n = JSON.readTree(lines.get(i).text());
            if (n.has("return") && n.has("timestamp") && "completed".equals(n.path("return").path("status").asText())) {
                return n;
            }
        }
        return null;
    }

    private static List<JsonNode> parse(Path recorded) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(recorded)) {
            out.add(JSON.readTree(l.substring(l.indexOf('\t') + 1)));
        }
        return out;
    }

    private Process qemu(String accel, Path qmp, String incoming, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-nodefaults", "-display", "none",
                "-m", "128", "-machine", "q35", "-accel", accel, "-qmp", "unix:" + qmp + ",server=on,wait=off"));
        if (incoming != null) {
            cmd.addAll(List.of("-incoming", incoming));
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
