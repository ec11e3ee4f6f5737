package io.migscope.producers.parse;

import io.migscope.avro.Platform;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * What a parser cannot read from the text itself: identity given on the command line, clocks for outputs without
 * timestamps, and the thresholds that decide lateness. Immutable; the {@code with...} methods return copies.
 *
 * @param origin          file or collector name, used in rejections
 * @param vm              VM name (required by qmp and virsh-domjobinfo, whose output does not name the VM)
 * @param cluster         cluster label copied onto records
 * @param host            the host the tool ran on
 * @param role            source or destination (qmp, virsh)
 * @param platform        platform of MigrationEvents from qmp/virsh (QEMU / LIBVIRT by default)
 * @param iface           iftop interface
 * @param target          ping target address when the output has no PING header yet
 * @param startedAtUs     when iftop / virsh domjobinfo started printing (their blocks carry no time); null = unknown
 * @param blockIntervalUs time between untimestamped blocks: iftop prints every 2 s
 * @param pingIntervalUs  the ping -i interval; null = estimate it from the replies
 * @param pingTimeoutUs   how long a probe may stay unanswered before it counts as lost
 * @param logZone         zone of timestamps written without one (nova-compute.log uses the host's local time)
 * @param clock           to reject timestamps in the far future
 */
public record ParseContext(String origin, String vm, String cluster, String host, String role, Platform platform,
                           String iface, String target, Long startedAtUs, long blockIntervalUs, Long pingIntervalUs,
                           long pingTimeoutUs, ZoneId logZone, Clock clock) {

    /** iftop refreshes its text output every 2 s. */
    public static final long IFTOP_INTERVAL_US = 2_000_000L;
    /** Default loss timeout: ten times the 100 ms interval migscope runs ping with, and ping -W's 1 s unit. */
    public static final long DEFAULT_PING_TIMEOUT_US = 1_000_000L;

    public static ParseContext defaults(String origin) {
        return new ParseContext(origin, null, null, null, null, null, null, null, null, IFTOP_INTERVAL_US, null,
                DEFAULT_PING_TIMEOUT_US, ZoneOffset.UTC, Clock.systemUTC());
    }

    public ParseContext withOrigin(String value) {
        return new ParseContext(value, vm, cluster, host, role, platform, iface, target, startedAtUs, blockIntervalUs,
                pingIntervalUs, pingTimeoutUs, logZone, clock);
    }

    public ParseContext withIdentity(String vmName, String clusterName, String hostName, String roleName) {
        return new ParseContext(origin, vmName, clusterName, hostName, roleName, platform, iface, target, startedAtUs,
                blockIntervalUs, pingIntervalUs, pingTimeoutUs, logZone, clock);
    }

    public ParseContext withPlatform(Platform value) {
        return new ParseContext(origin, vm, cluster, host, role, value, iface, target, startedAtUs, blockIntervalUs,
                pingIntervalUs, pingTimeoutUs, logZone, clock);
    }

    public ParseContext withIftop(String ifaceName, Long startUs, long intervalUs) {
        return new ParseContext(origin, vm, cluster, host, role, platform, ifaceName, target, startUs, intervalUs,
                pingIntervalUs, pingTimeoutUs, logZone, clock);
    }

    public ParseContext withPing(String targetAddress, Long intervalUs, long timeoutUs) {
        return new ParseContext(origin, vm, cluster, host, role, platform, iface, targetAddress, startedAtUs,
                blockIntervalUs, intervalUs, timeoutUs, logZone, clock);
    }

    public ParseContext withLogZone(ZoneId zone) {
        return new ParseContext(origin, vm, cluster, host, role, platform, iface, target, startedAtUs, blockIntervalUs,
                pingIntervalUs, pingTimeoutUs, zone, clock);
    }

    public ParseContext withClock(Clock value) {
        return new ParseContext(origin, vm, cluster, host, role, platform, iface, target, startedAtUs, blockIntervalUs,
                pingIntervalUs, pingTimeoutUs, logZone, value);
    }

    public Platform platformOr(Platform fallback) {
        return platform == null ? fallback : platform;
    }

    public Rejection reject(long lineNo, String reason, String expected, String raw) {
        return new Rejection(origin, lineNo, reason, expected, raw);
    }
}
