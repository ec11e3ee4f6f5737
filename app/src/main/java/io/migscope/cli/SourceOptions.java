package io.migscope.cli;

import io.migscope.avro.Platform;
import io.migscope.config.Durations;
import io.migscope.producers.parse.ParseContext;
import java.time.Instant;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/**
 * Who a source's records are about, when the source does not say: VM, cluster, host and role, plus the few
 * format settings a text format cannot carry (iftop's start time, ping's interval and timeout, the log's zone).
 */
public final class SourceOptions {
    @Option(names = "--vm", description = "VM the records are about (qmp, virsh-domjobinfo, ping)")
    String vm;

    @Option(names = "--cluster", description = "Cluster label")
    String cluster;

    @Option(names = "--host", description = "Host that produced the output")
    String host;

    @Option(names = "--role", description = "source or destination (qmp)")
    String role;

    @Option(names = "--platform", description = "Platform label: ${COMPLETION-CANDIDATES}")
    Platform platform;

    @Option(names = "--iface", description = "Interface iftop watched")
    String iface;

    @Option(names = "--started-at", paramLabel = "ISO-8601",
            description = "When raw iftop output started (blocks carry no time; each is 2 s after the previous); the year of xensource.log")
    String startedAt;

    @Option(names = "--ping-target", paramLabel = "ADDR", description = "Address ping probed")
    String target;

    @Option(names = "--interval", paramLabel = "DURATION", description = "Probe interval ping ran with (default: measured)")
    String interval;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1s",
            description = "A probe without a reply after this is lost, not late (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--log-zone", paramLabel = "ZONE", defaultValue = "UTC", description = "Time zone of nova-compute.log and xensource.log stamps")
    String logZone;

    /** The context for one input, named {@code origin} in rejections. */
    public ParseContext context(String origin) {
        ParseContext c = ParseContext.defaults(origin).withIdentity(vm, cluster, host, role)
                .withIftop(iface, startedAt == null ? null : micros(Instant.parse(startedAt)), ParseContext.IFTOP_INTERVAL_US)
                .withPing(target, interval == null ? null : Durations.parse(interval).toNanos() / 1000,
                        Durations.parse(timeout).toNanos() / 1000)
                .withLogZone(ZoneId.of(logZone));
        return platform == null ? c : c.withPlatform(platform);
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
