package io.migscope.producers.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.producers.parse.ParseContext;
import static org.awaitility.Awaitility.await;

import io.migscope.producers.collect.EpochMicros;
import io.migscope.producers.collect.PingCollector;
import io.migscope.producers.collect.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real ping across a veth into a namespace; a blackhole route in the namespace swallows the replies for 0.5 s.
 * The recorded lines must show that gap, and only it, within one probe interval.
 */
class PingOutageSystemTest {
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+)\\.(\\d{6})] \\d+ bytes from [^:]+: icmp_seq=(\\d+) ");
    private static final Pattern NO_ANSWER = Pattern.compile("^\\[(\\d+)\\.(\\d{6})] no answer yet for icmp_seq=(\\d+)$");
    private static final long INTERVAL_US = 100_000;
    private static VethNamespace net;

    @BeforeAll
    static void network() {
        SystemTools.require("ping");
        SystemTools.require("ip");
        SystemTools.requireThat(SystemTools.canUseNetns(), "cannot create network namespaces (needs root)");
        net = VethNamespace.create();
    }

    @AfterAll
    static void cleanUp() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void recordsAHalfSecondOutageWithinOneProbeInterval(@TempDir Path dir) throws Exception {
        Path recorded = dir.resolve("ping.rec");
        Captured live = new Captured();
        long outageStart;
        long outageStarted;
        long outageEnding;
        long outageEnd;
        try (Recorder recorder = new Recorder(recorded);
             PingCollector ping = new PingCollector(new PingCollector.Target("vm-ns", net.nsAddr),
                     Duration.ofMillis(100), recorder.andThen(live)).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> live.count("bytes from") >= 15);
            // The route changes take effect somewhere inside each `ip` command, which on a loaded machine can take
            // longer than a probe interval to start: the outage's edges are known only to lie within these spans.
            outageStart = EpochMicros.now();
            net.inNs("ip", "route", "add", "blackhole", net.rootAddr + "/32").orThrow("add blackhole");
            outageStarted = EpochMicros.now();
            Thread.sleep(500);
            outageEnding = EpochMicros.now();
            net.inNs("ip", "route", "del", "blackhole", net.rootAddr + "/32").orThrow("delete blackhole");
            outageEnd = EpochMicros.now();
            long replies = live.count("bytes from");
            await().atMost(Duration.ofSeconds(10)).until(() -> live.count("bytes from") >= replies + 15);
        }

        List<String> lines = Files.readAllLines(recorded);
        assertThat(lines).allSatisfy(l -> assertThat(l).matches("\\d{16}\t.*"));
        Map<Integer, Long> replyUs = new TreeMap<>();
        Map<Integer, Long> noAnswerUs = new TreeMap<>();
        for (String l : lines) {
            String raw = l.substring(l.indexOf('\t') + 1);
            collect(REPLY, raw, replyUs);
            collect(NO_ANSWER, raw, noAnswerUs);
        }
        int first = ((TreeMap<Integer, Long>) replyUs).firstKey();
        int last = ((TreeMap<Integer, Long>) replyUs).lastKey();
        TreeSet<Integer> missing = new TreeSet<>();
        for (int seq = first; seq <= last; seq++) {
            if (!replyUs.containsKey(seq)) {
                missing.add(seq);
            }
        }
        // 0.5 s at one probe per 100 ms: 5 probes, give or take the one the outage edges cut through.
        assertThat(missing).hasSizeBetween(4, 6);
        assertThat(missing.last() - missing.first() + 1).as("one contiguous gap").isEqualTo(missing.size());
        assertThat(noAnswerUs.keySet()).as("-O reported each unanswered probe").containsAll(missing);
        // ping prints "no answer yet" for a probe as it sends the next one, so the probe went out one interval earlier.
        long gapStart = noAnswerUs.get(missing.first()) - INTERVAL_US;
        long gapEnd = noAnswerUs.get(missing.last());
        assertThat(gapStart).isBetween(outageStart - INTERVAL_US, outageEnd);
        assertThat(gapEnd - gapStart).isBetween(outageEnding - outageStarted - INTERVAL_US,
                outageEnd - outageStart + INTERVAL_US);

        // The parser reads the same recording: the probes it calls lost are exactly the missing ones, and their send
        // times span the outage within one probe interval.
        List<PingSample> parsed = RecordingParse.records(recorded, "ping",
                ParseContext.defaults(recorded.toString()).withIdentity("vm-ns", null, null, null)
                        .withPing(net.nsAddr, INTERVAL_US, 300_000L), PingSample.class);
        List<PingSample> lost = parsed.stream().filter(p -> p.getStatus() == PingStatus.LOST).toList();
        assertThat(lost).extracting(p -> (int) p.getSeqRaw()).containsExactlyElementsOf(missing);
        long lostFirst = lost.get(0).getSentTimeUs();
        long lostLast = lost.get(lost.size() - 1).getSentTimeUs();
        // Against ping's own clock (a loaded machine delays the ping process and the test alike, by different
        // amounts): the first lost probe went out one interval after the last reply, the last one an interval
        // before the first reply after the gap, each within half an interval.
        long lastReplyBefore = parsed.stream().filter(p -> p.getStatus() == PingStatus.REPLY
                && p.getSeq() < lost.get(0).getSeq()).mapToLong(PingSample::getSentTimeUs).max().orElseThrow();
        long firstReplyAfter = parsed.stream().filter(p -> p.getStatus() == PingStatus.REPLY
                && p.getSeq() > lost.get(lost.size() - 1).getSeq()).mapToLong(PingSample::getSentTimeUs).min()
                .orElseThrow();
        assertThat(lostFirst - lastReplyBefore).isBetween(INTERVAL_US / 2, 3 * INTERVAL_US / 2);
        assertThat(firstReplyAfter - lostLast).isBetween(INTERVAL_US / 2, 3 * INTERVAL_US / 2);
        // And the gap lies where the test made the outage, within the spans of its two ip commands.
        assertThat(lostFirst).isBetween(outageStart - INTERVAL_US, outageStarted + 2 * INTERVAL_US);
        assertThat(lostLast).isBetween(outageEnding - 2 * INTERVAL_US, outageEnd + INTERVAL_US);
        assertThat(parsed.stream().filter(p -> p.getStatus() == PingStatus.REPLY).count()).isGreaterThanOrEqualTo(30);
    }

    private static void collect(Pattern p, String raw, Map<Integer, Long> into) {
        Matcher m = p.matcher(raw);
        if (m.find()) {
            into.putIfAbsent(Integer.parseInt(m.group(3)), Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)));
        }
    }
}
