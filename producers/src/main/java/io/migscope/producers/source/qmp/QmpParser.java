package io.migscope.producers.source.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import io.migscope.avro.AddressFact;
import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationLimits;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.EventIds;
import io.migscope.producers.parse.JsonLines;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.MigrationEvents;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import io.migscope.producers.signals.CanonicalSignals;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * QEMU QMP JSON lines (qapi/migration.json) to MigrationEvents. Events carry QEMU's {@code timestamp}; command
 * returns must carry a {@code timestamp} of the same shape, added by the collector when it received them.
 * <ul>
 * <li>{@code MIGRATION} to STATUS, {@code MIGRATION_PASS} to PASS, {@code STOP} and {@code RESUME} to STOP/RESUME;
 * any other event whose name contains MIGRATION to OTHER (detail = event name); every other event is recognised
 * and ignored.</li>
 * <li>a {@code query-migrate} return (an object with {@code status}) to STATS; {@code query-migrate-parameters} (an
 * object with {@code downtime-limit}) and {@code query-migrate-capabilities} (an array of {capability, state}) to
 * CONFIG with limits.</li>
 * <li>the greeting, empty acknowledgements {@code {"return": {}}} and {@code error} replies are ignored; so are
 * commands ({@code execute}) in a trace that logs both directions, except that {@code migrate} and
 * {@code migrate-incoming} set {@code job} from their URI (see {@link #command}).</li>
 * <li>where the migration listens ({@link MigrationAddresses}): a {@code migrate} or {@code migrate-incoming}
 * command's URI or channels, and the destination's {@code query-migrate} {@code socket-address}, become address
 * facts that every event carries until the migration ends, so they reach its summary whichever event survives.</li>
 * </ul>
 * Units: ram.dirty-pages-rate is pages/s (times ram.page-size, 4096 when absent); ram.mbps is megabits/s (times
 * 10^6/8); max-bandwidth is bytes/s; vcpu-dirty-limit is MB/s (times 2^20). Times stay milliseconds.
 */
public final class QmpParser implements LineParser {

    static final String FORMAT = "qmp";
    /** x86 page size; QEMU omits ram.page-size before 2.10. */
    private static final long DEFAULT_PAGE_SIZE = 4096L;
    private static final String EXPECTED = "a QMP JSON object: an event with timestamp, a return with the receipt"
            + " timestamp, or the greeting";

    private static final Set<String> ENDED = Set.of("completed", "failed", "cancelled");

    private final ParseContext ctx;
    /** The job the last migrate command named, until its migration ends; null when no command was seen. */
    private JobOperation job;
    /** Where the migration listens, as commands and replies said it, until the migration ends. */
    private final List<AddressFact> addresses = new ArrayList<>();

    public QmpParser(ParseContext ctx) {
        if (ctx.vm() == null) {
            throw new IllegalArgumentException("qmp output does not name the VM: give --vm");
        }
        this.ctx = ctx;
    }

    @Override
    public void accept(String line, long lineNo, ParseOutput out) {
        JsonNode json = JsonLines.object(line, lineNo, ctx, EXPECTED, out);
        if (json == null) {
            return;
        } else if (json.has("QMP") || json.has("error")) {
            out.ignore(lineNo);
        } else if (json.has("event")) {
            event(json, line, lineNo, out);
        } else if (json.has("return")) {
            reply(json, line, lineNo, out);
        } else if (json.has("execute")) {
            command(json, lineNo, out);
        } else {
            out.reject(ctx.reject(lineNo, "JSON object is neither an event nor a reply", EXPECTED, line));
        }
    }

    @Override
    public void finish(ParseOutput out) {
        // every QMP line stands alone
    }

    private void event(JsonNode json, String line, long lineNo, ParseOutput out) {
        String name = json.path("event").asText("");
        JsonNode data = json.path("data");
        EventKind kind;
        switch (name) {
            case "MIGRATION" -> kind = EventKind.STATUS;
            case "MIGRATION_PASS" -> kind = EventKind.PASS;
            case "STOP" -> kind = EventKind.STOP;
            case "RESUME" -> kind = EventKind.RESUME;
            default -> kind = name.contains("MIGRATION") ? EventKind.OTHER : null;
        }
        if (kind == null) {
            out.ignore(lineNo);
            return;
        }
        Long time = timestamp(json);
        if (time == null) {
            out.reject(ctx.reject(lineNo, "event without a valid timestamp {seconds, microseconds}", EXPECTED, line));
            return;
        }
        MigrationEvent.Builder b = base(kind, time, line);
        if (kind == EventKind.STATUS) {
            if (!data.path("status").isTextual()) {
                out.reject(ctx.reject(lineNo, "MIGRATION event without data.status", "{\"status\": \"...\"}", line));
                return;
            }
            b.setStatus(data.get("status").asText());
        } else if (kind == EventKind.PASS) {
            if (!data.path("pass").canConvertToInt() || !data.path("pass").isIntegralNumber()) {
                out.reject(ctx.reject(lineNo, "MIGRATION_PASS event without an integer data.pass", "{\"pass\": N}",
                        line));
                return;
            }
            b.setPass(data.get("pass").intValue());
        } else if (kind == EventKind.OTHER) {
            b.setDetail(name);
        }
        emit(b.build(), line, lineNo, out);
        if (kind == EventKind.STATUS && ENDED.contains(data.get("status").asText())) {
            job = null;
            addresses.clear();
        }
    }

    /**
     * A command in a trace that logs both directions: {@code migrate} and {@code migrate-incoming} name their URI,
     * and the URI tells the job. A stream to {@code exec:} or {@code file:} is a save (QEMU's migration machinery
     * writing to a file, as libvirt's save does), read back from one a restore; {@code tcp:}, {@code unix:},
     * {@code rdma:} and {@code vsock:} go to another QEMU; {@code fd:} can be either (libvirt passes a descriptor
     * for saves, dumps and some migrations), so it stays UNKNOWN. The job holds until the migration ends.
     */
    private void command(JsonNode json, long lineNo, ParseOutput out) {
        String name = json.path("execute").asText("");
        String uri = json.path("arguments").path("uri").asText("");
        if ((name.equals("migrate") || name.equals("migrate-incoming")) && !uri.isEmpty()) {
            boolean incoming = name.equals("migrate-incoming");
            String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : "";
            job = switch (scheme) {
                case "exec", "file" -> incoming ? JobOperation.RESTORE : JobOperation.SAVE;
                case "tcp", "unix", "rdma", "vsock" -> incoming ? JobOperation.MIGRATION_IN
                        : JobOperation.MIGRATION_OUT;
                default -> JobOperation.UNKNOWN;
            };
        }
        if (name.equals("migrate") || name.equals("migrate-incoming")) {
            // The source's migrate names the far end (its name unknown here); migrate-incoming names this host.
            learn(MigrationAddresses.ofCommand(json.path("arguments"), "qmp " + name,
                    name.equals("migrate") ? null : ctx.host(), timestamp(json)));
        }
        out.ignore(lineNo);
    }

    private void learn(List<AddressFact> facts) {
        for (AddressFact f : facts) {
            if (!addresses.contains(f)) {
                addresses.add(f);
            }
        }
    }

    private void reply(JsonNode json, String line, long lineNo, ParseOutput out) {
        JsonNode ret = json.get("return");
        if (ret.isObject() && ret.has("socket-address")) {
            // Only a destination listens: its own socket, before and while the migration runs.
            learn(MigrationAddresses.ofSocketAddress(ret, ctx.host(), timestamp(json)));
        }
        boolean stats = ret.isObject() && ret.has("status");
        boolean params = ret.isObject() && ret.has("downtime-limit");
        boolean caps = ret.isArray() && ret.size() > 0 && ret.get(0).has("capability");
        if (!stats && !params && !caps) {
            out.ignore(lineNo);
            return;
        }
        Long time = timestamp(json);
        if (time == null) {
            out.reject(ctx.reject(lineNo, "reply without the receipt timestamp the collector adds",
                    "\"timestamp\": {\"seconds\": S, \"microseconds\": U}", line));
            return;
        }
        try {
            MigrationEvent.Builder b;
            if (stats) {
                b = base(EventKind.STATS, time, line).setStatus(ret.get("status").asText())
                        .setStats(stats(ret)).setError(text(ret, "error-desc"));
            } else {
                b = base(EventKind.CONFIG, time, line).setLimits(params ? parameters(ret) : capabilities(ret));
            }
            emit(b.build(), line, lineNo, out);
        } catch (IllegalArgumentException | ArithmeticException e) {
            out.reject(ctx.reject(lineNo, e.getMessage(), "integers where QEMU prints integers", line));
        }
    }

    private void emit(MigrationEvent event, String line, long lineNo, ParseOutput out) {
        String reason = MigrationEvents.check(event, ctx);
        if (reason != null) {
            out.reject(ctx.reject(lineNo, reason, "plausible values", line));
        } else {
            out.record(CanonicalSignals.apply(event));
        }
    }

    private MigrationEvent.Builder base(EventKind kind, long time, String line) {
        String id = EventIds.of(FORMAT, ctx.vm(), ctx.host(), line);
        // A QMP monitor belongs to one end: the host it runs on is that end of the migration (--host, --role).
        return MigrationEvents.base(ctx, id, FORMAT, ctx.platformOr(Platform.QEMU), kind, time, ctx.vm())
                .setSourceHost("source".equals(ctx.role()) ? ctx.host() : null)
                .setTargetHost("destination".equals(ctx.role()) ? ctx.host() : null)
                .setJob(job).setAddresses(new ArrayList<>(addresses));
    }

    private static MigrationStats stats(JsonNode ret) {
        JsonNode ram = ret.path("ram");
        JsonNode disk = ret.path("disk");
        Long pageSize = number(ram, "page-size");
        long pageBytes = pageSize != null && pageSize > 0 ? pageSize : DEFAULT_PAGE_SIZE;
        Long dirtyPages = number(ram, "dirty-pages-rate");
        Double mbps = decimal(ram, "mbps");
        return MigrationStats.newBuilder()
                .setTimeElapsedMs(number(ret, "total-time"))
                .setSetupTimeMs(number(ret, "setup-time"))
                .setExpectedDowntimeMs(number(ret, "expected-downtime"))
                .setDowntimeMs(number(ret, "downtime"))
                .setCpuThrottlePercent(number(ret, "cpu-throttle-percentage") == null ? null
                        : number(ret, "cpu-throttle-percentage").intValue())
                .setPostcopyBlocktimeMs(number(ret, "postcopy-blocktime"))
                .setRamTransferredBytes(number(ram, "transferred"))
                .setRamRemainingBytes(number(ram, "remaining"))
                .setRamTotalBytes(number(ram, "total"))
                .setRamDuplicatePages(number(ram, "duplicate"))
                .setRamNormalPages(number(ram, "normal"))
                .setRamNormalBytes(number(ram, "normal-bytes"))
                .setDirtyRateBytesPerSec(dirtyPages == null ? null : Math.multiplyExact(dirtyPages, pageBytes))
                // mbps is megabits per second: 10^6 bits, 8 bits a byte
                .setBandwidthBytesPerSec(mbps == null ? null : Math.round(mbps * 1_000_000.0 / 8.0))
                .setDirtySyncCount(number(ram, "dirty-sync-count"))
                .setPostcopyRequests(number(ram, "postcopy-requests"))
                .setPageSizeBytes(pageSize)
                .setPrecopyBytes(number(ram, "precopy-bytes"))
                .setDowntimeBytes(number(ram, "downtime-bytes"))
                .setPostcopyBytes(number(ram, "postcopy-bytes"))
                .setDiskTotalBytes(number(disk, "total"))
                .setDiskProcessedBytes(number(disk, "transferred"))
                .setDiskRemainingBytes(number(disk, "remaining"))
                .build();
    }

    private static MigrationLimits parameters(JsonNode ret) {
        Long dirtyLimit = number(ret, "vcpu-dirty-limit");
        return MigrationLimits.newBuilder()
                .setDowntimeLimitMs(number(ret, "downtime-limit"))
                .setMaxBandwidthBytesPerSec(number(ret, "max-bandwidth"))
                .setCpuThrottleInitial(integer(ret, "cpu-throttle-initial"))
                .setCpuThrottleIncrement(integer(ret, "cpu-throttle-increment"))
                .setMaxCpuThrottle(integer(ret, "max-cpu-throttle"))
                // vcpu-dirty-limit is MB/s; QEMU's dirty-limit code counts MB as 2^20 bytes
                .setVcpuDirtyLimitBytesPerSec(dirtyLimit == null ? null : Math.multiplyExact(dirtyLimit, 1L << 20))
                .build();
    }

    private static MigrationLimits capabilities(JsonNode ret) {
        List<String> enabled = new ArrayList<>();
        for (JsonNode cap : ret) {
            if (cap.path("state").asBoolean(false)) {
                enabled.add(cap.path("capability").asText());
            }
        }
        return MigrationLimits.newBuilder().setCapabilities(enabled)
                .setAllowPostCopy(enabled.contains("postcopy-ram"))
                .setAllowAutoConverge(enabled.contains("auto-converge")).build();
    }

    private static Long timestamp(JsonNode json) {
        JsonNode ts = json.path("timestamp");
        JsonNode s = ts.path("seconds");
        JsonNode us = ts.path("microseconds");
        if (!s.isIntegralNumber() || !us.isIntegralNumber() || !s.canConvertToLong()
                || us.longValue() < 0 || us.longValue() > 999_999 || s.longValue() < 0
                || s.longValue() > Long.MAX_VALUE / 1_000_000L - 1) {
            return null;
        }
        return s.longValue() * 1_000_000L + us.longValue();
    }

    private static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " is not an integer: " + value);
        }
        return value.longValue();
    }

    private static Integer integer(JsonNode node, String field) {
        Long value = number(node, field);
        if (value != null && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
            throw new IllegalArgumentException(field + " out of range: " + value);
        }
        return value == null ? null : value.intValue();
    }

    private static Double decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(field + " is not a number: " + value);
        }
        return value.doubleValue();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
