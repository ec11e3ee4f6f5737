package io.migscope.producers.source.nova;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationLimits;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.EventIds;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.MigrationEvents;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import io.migscope.producers.signals.CanonicalSignals;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nova-compute.log (oslo.log prefix {@code DATE TIME.mmm PID LEVEL LOGGER [CONTEXT] [instance: UUID] MESSAGE}, in
 * the host's local time, {@link ParseContext#logZone()}) and Nova versioned notifications (JSON lines, optionally in
 * the oslo.messaging 2.0 envelope) to MigrationEvents.
 * <ul>
 * <li>live-migration messages of nova/virt/libvirt/driver.py and migration.py (openstack/nova, read at the tags of
 * 13.0.0 Mitaka to 33.0.0): progress to PROGRESS, in two shapes (the disk figures arrived in 20.0.0 Train, commit
 * 9570e757; before, the bytes were libvirt's data_* figures), {@code Live migration not completed after N sec} and,
 * from 13.0.0 to 18.0.0 Rocky (the progress timeout, removed by 4c3698c0), {@code Live migration stuck for N sec} to
 * TIMEOUT, {@code Increasing downtime to D ms after W sec elapsed time} to DOWNTIME_STEP, {@code Switching to
 * post-copy migration mode} to POSTCOPY_SWITCH, {@code Migration operation has completed / has aborted / was
 * cancelled} to STATUS. Nova's monitor logs these three for libvirt's job types Completed, Failed ("Migration did
 * not succeed") and Cancelled ("Migration was stopped by admin", also its own completion-timeout abort): the status
 * is completed, failed or cancelled accordingly, whatever the words say;</li>
 * <li>a message that starts like one of those but does not match it fully is rejected (truncated or garbled);</li>
 * <li>every other well-prefixed log line is unrelated to migration: recognised and ignored;</li>
 * <li>notifications with event_type {@code instance.live_migration_*} to NOTIFICATION; other event types ignored.</li>
 * </ul>
 * The old progress shape reports data bytes (memory and disk together); the Stein shape reports memory and disk apart.
 */
public final class NovaLogParser implements LineParser {

    static final String FORMAT = "nova-log";
    static final String NOTIFICATION_FORMAT = "nova-notification";
    private static final Pattern PREFIX = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) \\d+ "
            + "(?:DEBUG|INFO|AUDIT|WARNING|ERROR|CRITICAL|TRACE) \\S+ \\[[^\\]]*\\] "
            + "(?:\\[instance: ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\] )?(.*)$");
    private static final String N = "(\\d{1,18})";
    private static final String P = "(\\d{1,3}(?:\\.\\d+)?)";
    private static final Pattern PROGRESS_STEIN = Pattern.compile("^Migration running for " + N + " secs, memory " + P
            + "% remaining \\(bytes processed=" + N + ", remaining=" + N + ", total=" + N + "\\); disk " + P
            + "% remaining \\(bytes processed=" + N + ", remaining=" + N + ", total=" + N + "\\)\\.$");
    private static final Pattern PROGRESS_OLD = Pattern.compile("^Migration running for " + N + " secs, memory " + P
            + "% remaining; \\(bytes processed=" + N + ", remaining=" + N + ", total=" + N + "\\)$");
    private static final Pattern TIMEOUT = Pattern.compile("^Live migration (?:not completed after|stuck for) " + N
            + " sec$");
    private static final Pattern DOWNTIME = Pattern.compile(
            "^Increasing downtime to " + N + " ms after " + N + " sec elapsed time$");
    private static final Pattern POSTCOPY = Pattern.compile("^Switching to post-copy migration mode$");
    private static final Pattern OUTCOME = Pattern.compile(
            "^Migration operation (has completed|has aborted|was cancelled)$");
    private static final List<String> MIGRATION_STARTS = List.of("Migration running for",
            "Live migration not completed", "Live migration stuck for", "Increasing downtime to", "Switching to post-copy",
            "Migration operation ");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS")
            .withResolverStyle(ResolverStyle.STRICT);
    /** oslo.messaging writes notification timestamps in UTC as str(datetime): microseconds optional. */
    private static final DateTimeFormatter NOTIFICATION_TIME = DateTimeFormatter.ofPattern(
            "uuuu-MM-dd HH:mm:ss[.SSSSSS]").withResolverStyle(ResolverStyle.STRICT);
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String EXPECTED = "an oslo.log line 'YYYY-MM-DD HH:MM:SS.mmm PID LEVEL LOGGER [CONTEXT] "
            + "[instance: UUID] MESSAGE' or a versioned notification JSON object";

    private final ParseContext ctx;

    public NovaLogParser(ParseContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void accept(String line, long lineNo, ParseOutput out) {
        try {
            if (line.startsWith("{")) {
                notification(line, lineNo, out);
            } else {
                logLine(line, lineNo, out);
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            out.reject(ctx.reject(lineNo, e.getMessage(), EXPECTED, line));
        }
    }

    @Override
    public void finish(ParseOutput out) {
        // every line stands alone
    }

    private void logLine(String line, long lineNo, ParseOutput out) {
        Matcher prefix = PREFIX.matcher(line);
        if (!prefix.matches()) {
            out.reject(ctx.reject(lineNo, "no oslo.log prefix", EXPECTED, line));
            return;
        }
        String message = prefix.group(3);
        if (MIGRATION_STARTS.stream().noneMatch(message::startsWith)) {
            out.ignore(lineNo);
            return;
        }
        String instance = prefix.group(2);
        if (instance == null) {
            throw new IllegalArgumentException("live-migration message without [instance: UUID]");
        }
        long time = logTime(prefix.group(1));
        MigrationEvent.Builder b = message(message, base(EventKind.OTHER, time, instance, line, FORMAT));
        if (b == null) {
            out.reject(ctx.reject(lineNo, "live-migration message of an unknown or truncated shape",
                    "one of the nova/virt/libvirt/driver.py live-migration messages", line));
            return;
        }
        emit(b.build(), line, lineNo, out);
    }

    private static MigrationEvent.Builder message(String message, MigrationEvent.Builder b) {
        Matcher m;
        if ((m = PROGRESS_STEIN.matcher(message)).matches()) {
            return b.setKind(EventKind.PROGRESS).setStats(MigrationStats.newBuilder()
                    .setTimeElapsedMs(seconds(m.group(1)))
                    .setMemoryRemainingPercent(Double.parseDouble(m.group(2)))
                    .setRamTransferredBytes(Long.parseLong(m.group(3)))
                    .setRamRemainingBytes(Long.parseLong(m.group(4)))
                    .setRamTotalBytes(Long.parseLong(m.group(5)))
                    .setDiskRemainingPercent(Double.parseDouble(m.group(6)))
                    .setDiskProcessedBytes(Long.parseLong(m.group(7)))
                    .setDiskRemainingBytes(Long.parseLong(m.group(8)))
                    .setDiskTotalBytes(Long.parseLong(m.group(9))).build());
        } else if ((m = PROGRESS_OLD.matcher(message)).matches()) {
            // before Train (nova 20.0.0) the bytes were libvirt's data_* figures: memory and disk together
            return b.setKind(EventKind.PROGRESS).setStats(MigrationStats.newBuilder()
                    .setTimeElapsedMs(seconds(m.group(1)))
                    .setMemoryRemainingPercent(Double.parseDouble(m.group(2)))
                    .setDataProcessedBytes(Long.parseLong(m.group(3)))
                    .setDataRemainingBytes(Long.parseLong(m.group(4)))
                    .setDataTotalBytes(Long.parseLong(m.group(5))).build());
        } else if ((m = TIMEOUT.matcher(message)).matches()) {
            return b.setKind(EventKind.TIMEOUT).setDetail(message)
                    .setStats(MigrationStats.newBuilder().setTimeElapsedMs(seconds(m.group(1))).build());
        } else if ((m = DOWNTIME.matcher(message)).matches()) {
            return b.setKind(EventKind.DOWNTIME_STEP).setDetail(message)
                    .setLimits(MigrationLimits.newBuilder().setDowntimeLimitMs(Long.parseLong(m.group(1))).build())
                    .setStats(MigrationStats.newBuilder().setTimeElapsedMs(seconds(m.group(2))).build());
        } else if (POSTCOPY.matcher(message).matches()) {
            return b.setKind(EventKind.POSTCOPY_SWITCH).setMode("PostCopy").setDetail(message);
        } else if ((m = OUTCOME.matcher(message)).matches()) {
            String status = switch (m.group(1)) {
                case "has completed" -> "completed";
                // VIR_DOMAIN_JOB_FAILED in nova's _live_migration_monitor, despite the word
                case "has aborted" -> "failed";
                default -> "cancelled";
            };
            return b.setKind(EventKind.STATUS).setStatus(status).setDetail(message);
        }
        return null;
    }

    private void notification(String line, long lineNo, ParseOutput out) {
        JsonNode json = json(line);
        if (json.path("oslo.message").isTextual()) {
            json = json(json.get("oslo.message").asText());
        }
        String type = json.path("event_type").asText("");
        if (type.isEmpty()) {
            throw new IllegalArgumentException("JSON without event_type is not a Nova notification");
        }
        if (!type.startsWith("instance.live_migration_")) {
            out.ignore(lineNo);
            return;
        }
        JsonNode data = json.path("payload").path("nova_object.data");
        String uuid = data.path("uuid").asText("");
        if (uuid.isEmpty()) {
            throw new IllegalArgumentException(type + " without payload.nova_object.data.uuid");
        }
        String stamp = json.path("timestamp").asText("");
        long time = notificationTime(stamp);
        String publisher = json.path("publisher_id").asText("");
        String host = data.path("host").isTextual() ? data.get("host").asText()
                : publisher.contains(":") ? publisher.substring(publisher.indexOf(':') + 1) : ctx.host();
        MigrationEvent.Builder b = base(EventKind.NOTIFICATION, time, uuid, line, NOTIFICATION_FORMAT)
                .setHost(host).setStatus(type.substring("instance.".length())).setDetail(type);
        emit(b.build(), line, lineNo, out);
    }

    private MigrationEvent.Builder base(EventKind kind, long time, String vm, String line, String format) {
        String id = EventIds.of(format, ctx.host(), line);
        return MigrationEvents.base(ctx, id, format, Platform.NOVA, kind, time, vm);
    }

    private void emit(MigrationEvent event, String line, long lineNo, ParseOutput out) {
        String reason = MigrationEvents.check(event, ctx);
        if (reason != null) {
            out.reject(ctx.reject(lineNo, reason, "plausible values", line));
        } else {
            out.record(CanonicalSignals.apply(event));
        }
    }

    private static long seconds(String value) {
        return Math.multiplyExact(Long.parseLong(value), 1000L);
    }

    private long logTime(String text) {
        try {
            return micros(LocalDateTime.parse(text, LOG_TIME).atZone(ctx.logZone()).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid log time '" + text + "'");
        }
    }

    private static long notificationTime(String text) {
        try {
            return micros(LocalDateTime.parse(text, NOTIFICATION_TIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("notification timestamp '" + text + "' is not 'YYYY-MM-DD HH:MM:SS.ffffff'");
        }
    }

    private static long micros(Instant instant) {
        return Math.multiplyExact(instant.getEpochSecond(), 1_000_000L) + instant.getNano() / 1000L;
    }

    private static JsonNode json(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }
}
