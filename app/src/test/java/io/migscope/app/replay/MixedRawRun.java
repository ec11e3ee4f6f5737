package io.migscope.app.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * The mixed sample: raw tool output as the tools print it. The QMP traces of both ends of vm-a's migration, libvirt
 * events of vm-42, a KubeVirt watch and a nova-compute.log are the parser fixtures; the ping log of vm-a is written
 * here, with probes lost from the source's STOP until one interval after the destination's RESUME.
 */
final class MixedRawRun {
    private static final Path FIXTURES = Path.of("..", "producers", "src", "test", "resources", "samples");
    /** STOP on the source and RESUME on the destination in qmp/source.jsonl and qmp/destination.jsonl. */
    static final long STOP_US = 1_714_557_604_811_002L;
    static final long RESUME_US = 1_714_557_605_010_211L;
    static final long INTERVAL_US = 100_000L;

    private MixedRawRun() {
    }

    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        copy("qmp/source.jsonl", dir.resolve("qmp-src.jsonl"));
        copy("qmp/destination.jsonl", dir.resolve("qmp-dst.jsonl"));
        copy("virsh-event/source.txt", dir.resolve("events-node-3.log"));
        // The fixture ends with three lines made to be rejected: a sample run replays cleanly.
        List<String> watch = Files.readAllLines(FIXTURES.resolve("kubevirt/watch.jsonl"));
        Files.write(dir.resolve("vmim-watch.jsonl"), watch.subList(0, 7));
        copy("nova-log/nova-compute.log", dir.resolve("nova-compute.log"));
        Files.writeString(dir.resolve("ping-vm-a.log"), pingLog());
        Files.writeString(dir.resolve("expected.jsonl"), String.format(Locale.ROOT,
                "{\"vm\":\"vm-a\",\"blackout_start_us\":%d,\"blackout_end_us\":%d,\"interval_us\":%d}%n",
                STOP_US, firstAnsweredAfter(RESUME_US + INTERVAL_US), INTERVAL_US));
        Files.writeString(dir.resolve("run.yaml"), """
                # Raw tool output: QMP traces of both ends and a ping log of vm-a, libvirt events of vm-42,
                # a KubeVirt migration watch and a nova-compute.log. expected.jsonl holds vm-a's injected blackout.
                name: mixed-raw
                cluster: lab
                sources:
                  - {format: ping, file: ping-vm-a.log, vm: vm-a, interval_ms: 100}
                  - {format: qmp, file: qmp-src.jsonl, vm: vm-a, host: node-1, role: source}
                  - {format: qmp, file: qmp-dst.jsonl, vm: vm-a, host: node-2, role: destination}
                  - {format: virsh-event, file: events-node-3.log, host: node-3}
                  - {format: kubevirt, file: vmim-watch.jsonl}
                  - {format: nova-log, file: nova-compute.log, host: node-5}
                """);
    }

    private static void copy(String fixture, Path to) throws IOException {
        Files.copy(FIXTURES.resolve(fixture), to, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The send time of the first probe at or after {@code us}: probes go out every interval from the first. */
    private static long firstAnsweredAfter(long us) {
        long first = firstSendUs();
        return first + ((us - first + INTERVAL_US - 1) / INTERVAL_US) * INTERVAL_US;
    }

    private static long firstSendUs() {
        return 1_714_557_597_000_000L;
    }

    /** {@code ping -D -O -i 0.1}: a reply 0.4 ms after each send, or "no answer yet" at the next send. */
    static String pingLog() {
        StringBuilder b = new StringBuilder("PING 10.0.0.5 (10.0.0.5) 56(84) bytes of data.\n");
        long answeredFrom = firstAnsweredAfter(RESUME_US + INTERVAL_US);
        boolean previousLost = false;
        for (int seq = 1; seq <= 180; seq++) {
            long sent = firstSendUs() + (seq - 1) * INTERVAL_US;
            if (previousLost) {
                b.append(stamp(sent)).append(" no answer yet for icmp_seq=").append(seq - 1).append('\n');
            }
            previousLost = sent >= STOP_US && sent < answeredFrom;
            if (!previousLost) {
                b.append(stamp(sent + 400)).append(" 64 bytes from 10.0.0.5: icmp_seq=").append(seq)
                        .append(" ttl=64 time=0.400 ms\n");
            }
        }
        return b.toString();
    }

    private static String stamp(long us) {
        return String.format(Locale.ROOT, "[%d.%06d]", us / 1_000_000L, us % 1_000_000L);
    }
}
