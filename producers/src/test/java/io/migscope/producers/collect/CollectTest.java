package io.migscope.producers.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectTest {

    /** Keeps lines as "stamp|text". */
    static final class Lines implements LineSink {
        final List<String> got = new ArrayList<>();
        boolean ended;

        @Override
        public synchronized void accept(long receivedUs, String line) {
            got.add(receivedUs + "|" + line);
        }

        @Override
        public synchronized void end() {
            ended = true;
        }

        synchronized List<String> texts() {
            return got.stream().map(s -> s.substring(s.indexOf('|') + 1)).toList();
        }
    }

    @Test
    void blockStamperGivesEveryLineOfABlockTheRuleStamp() {
        Lines out = new Lines();
        BlockStamper s = new BlockStamper(out);
        s.accept(1, "   # Host name (port/service if enabled)   last 2s");
        s.accept(2, "   1 10.0.0.1:22   =>   1KB   1KB   1KB   4KB");
        assertThat(out.got).isEmpty();
        s.accept(3, "=".repeat(92));
        s.accept(4, "   # Host name");
        s.end();
        assertThat(out.got).containsExactly("3|   # Host name (port/service if enabled)   last 2s",
                "3|   1 10.0.0.1:22   =>   1KB   1KB   1KB   4KB", "3|" + "=".repeat(92), "4|   # Host name");
        assertThat(out.ended).isTrue();
    }

    @Test
    void jsonFramerJoinsPrettyPrintedObjectsAndPassesOneLinersThrough() {
        Lines out = new Lines();
        JsonFramer f = new JsonFramer(out);
        f.accept(1, "{\"kind\": \"VirtualMachineInstanceMigration\", \"n\": \"a}\"}");
        f.accept(2, "{");
        f.accept(3, "    \"status\": {");
        f.accept(4, "        \"phase\": \"Run\\\"ning{\"");
        f.accept(5, "    }");
        f.accept(6, "}");
        f.accept(7, "not json at all");
        f.end();
        assertThat(out.got).containsExactly("1|{\"kind\": \"VirtualMachineInstanceMigration\", \"n\": \"a}\"}",
                "6|{\"status\": {\"phase\": \"Run\\\"ning{\"}}", "7|not json at all");
    }

    @Test
    void recorderWritesStampTabRawAndReplaysTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rec");
        try (Recorder r = new Recorder(file)) {
            r.accept(1700000000123456L, "[1700000000.123456] 64 bytes from 10.0.0.5: icmp_seq=1 ttl=64 time=0.3 ms");
            r.accept(1700000000223456L, "a\ttab inside");
        }
        Files.writeString(file, "garbage without a stamp\n", StandardOpenOption.APPEND);
        assertThat(Files.readAllLines(file)).startsWith(
                "1700000000123456\t[1700000000.123456] 64 bytes from 10.0.0.5: icmp_seq=1 ttl=64 time=0.3 ms");
        Lines out = new Lines();
        assertThat(Recorder.replay(file, out)).isEqualTo(2);
        assertThat(out.got).containsExactly(
                "1700000000123456|[1700000000.123456] 64 bytes from 10.0.0.5: icmp_seq=1 ttl=64 time=0.3 ms",
                "1700000000223456|a\ttab inside");
        assertThat(out.ended).isTrue();
    }

    @Test
    void fileTailerFollowsGrowthRenameRotationAndTruncation(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("nova-compute.log");
        Files.writeString(log, "old line before start\n");
        Lines out = new Lines();
        try (FileTailer t = new FileTailer(log, out, false).pollInterval(Duration.ofMillis(20)).start()) {
            Thread.sleep(100);
            append(log, "one\ntw");
            await().atMost(Duration.ofSeconds(5)).until(() -> out.texts().size() == 1);
            append(log, "o\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> out.texts().size() == 2);
            // Rename rotation: a last line lands in the old file, then a new file appears.
            Files.move(log, dir.resolve("nova-compute.log.1"));
            append(dir.resolve("nova-compute.log.1"), "three\n");
            Files.writeString(log, "four\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> out.texts().size() == 4);
            // Copy-truncate rotation.
            Files.writeString(log, "");
            Thread.sleep(100);
            Files.writeString(log, "five\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> out.texts().size() == 5);
        }
        assertThat(out.texts()).containsExactly("one", "two", "three", "four", "five");
        assertThat(out.ended).isTrue();
    }

    @Test
    void processLinesKeepsGoingWhenTheSinkThrowsAndEndsWithTheProcess() throws Exception {
        Lines out = new Lines();
        LineSink failing = (us, line) -> {
            if (line.equals("bad")) {
                throw new IllegalArgumentException("cannot parse");
            }
        };
        ProcessLines p = new ProcessLines("printf", List.of("printf", "good\\nbad\\nlast\\n"), failing.andThen(out)).start();
        assertThat(p.awaitEnd(Duration.ofSeconds(10))).isTrue();
        assertThat(out.texts()).containsExactly("good", "last");
        assertThat(out.ended).isTrue();
        assertThat(p.lines()).isEqualTo(3);
    }

    private static void append(Path f, String s) throws Exception {
        Files.writeString(f, s, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    }
}
