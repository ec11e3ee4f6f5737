package io.migscope.producers.source.libvirt;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.EventIds;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.MigrationEvents;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code virsh event --all --loop --timestamp} output (tools/virsh-domain-event.c) to MigrationEvents:
 * <ul>
 * <li>{@code lifecycle} whose detail mentions Migrated or Post-copy to LIFECYCLE (detail as printed); other lifecycle
 * details and every other event type are recognised and ignored;</li>
 * <li>{@code migration-iteration} ({@code iteration: 'N'}) to PASS;</li>
 * <li>{@code job-completed} followed by {@code \tname: value} lines to STATS, closed by the next line that does not
 * start with a tab, or by the end of input.</li>
 * </ul>
 * The timestamp prefix is {@code YYYY-MM-DD HH:MM:SS.mmm+0000: } (UTC); lines without it are rejected.
 */
public final class VirshEventParser implements LineParser {

    static final String FORMAT = "virsh-event";
    private static final Pattern EVENT = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3})\\+0000: event '([a-z0-9-]+)' for domain '(.+?)'"
                    + "(?::(?: (.*))?)?$");
    private static final Pattern ITERATION = Pattern.compile("^iteration: '(\\d{1,9})'$");
    private static final Pattern STAT = Pattern.compile("^\\t([a-z][a-z0-9_]*): (.*)$");
    private static final Pattern UNSIGNED = Pattern.compile("^\\d{1,18}$");
    private static final Pattern SUMMARY = Pattern.compile("^events received: \\d+$|^event loop (?:timed out|interrupted)$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final String EXPECTED = "'YYYY-MM-DD HH:MM:SS.mmm+0000: event 'TYPE' for domain 'NAME': DETAIL'"
            + " or a tab-indented job-completed statistic";

    private final ParseContext ctx;
    private OpenJob job;

    /** A job-completed record waiting for its statistic lines. */
    private static final class OpenJob {
        final long lineNo;
        final long timeUs;
        final String domain;
        final StringBuilder raw;
        final JobStats stats = new JobStats();
        Boolean success;
        String badLine;

        OpenJob(long lineNo, long timeUs, String domain, String line) {
            this.lineNo = lineNo;
            this.timeUs = timeUs;
            this.domain = domain;
            this.raw = new StringBuilder(line);
        }
    }

    public VirshEventParser(ParseContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void accept(String line, long lineNo, ParseOutput out) {
        if (job != null && line.startsWith("\t")) {
            statLine(line, lineNo, out);
            return;
        }
        closeJob(out);
        Matcher m = EVENT.matcher(line);
        if (!m.matches()) {
            if (line.isEmpty() || SUMMARY.matcher(line).matches()) {
                out.ignore(lineNo);
            } else {
                String reason = line.startsWith("\t") ? "statistic line outside a job-completed event"
                        : line.startsWith("event '") ? "event line without the --timestamp prefix"
                        : "not a virsh event line";
                out.reject(ctx.reject(lineNo, reason, EXPECTED, line));
            }
            return;
        }
        Long time = time(m.group(1));
        if (time == null) {
            out.reject(ctx.reject(lineNo, "invalid timestamp " + m.group(1), "a real UTC date and time", line));
            return;
        }
        String type = m.group(2);
        String domain = m.group(3);
        String detail = m.group(4);
        switch (type) {
            case "lifecycle" -> lifecycle(time, domain, detail, line, lineNo, out);
            case "migration-iteration" -> iteration(time, domain, detail, line, lineNo, out);
            case "job-completed" -> {
                if (detail != null && !detail.isEmpty()) {
                    out.reject(ctx.reject(lineNo, "job-completed line with text after the colon",
                            "statistics on the following tab-indented lines", line));
                } else {
                    job = new OpenJob(lineNo, time, domain, line);
                }
            }
            default -> out.ignore(lineNo);
        }
    }

    @Override
    public void finish(ParseOutput out) {
        closeJob(out);
    }

    private void lifecycle(long time, String domain, String detail, String line, long lineNo, ParseOutput out) {
        if (detail == null || !detail.matches("^[A-Z][A-Za-z]* [A-Z][A-Za-z-]*(?: [A-Z][A-Za-z]*)?$")) {
            out.reject(ctx.reject(lineNo, "lifecycle event without 'Event Detail'", "e.g. 'Suspended Migrated'",
                    line));
        } else if (detail.contains("Migrated") || detail.contains("Post-copy")) {
            emit(base(EventKind.LIFECYCLE, time, domain, line).setDetail(detail).build(), line, lineNo, out);
        } else {
            out.ignore(lineNo);
        }
    }

    private void iteration(long time, String domain, String detail, String line, long lineNo, ParseOutput out) {
        Matcher m = detail == null ? null : ITERATION.matcher(detail);
        if (m == null || !m.matches()) {
            out.reject(ctx.reject(lineNo, "migration-iteration without iteration: 'N'", "iteration: 'N'", line));
            return;
        }
        emit(base(EventKind.PASS, time, domain, line).setPass(Integer.parseInt(m.group(1))).build(), line, lineNo,
                out);
    }

    private void statLine(String line, long lineNo, ParseOutput out) {
        job.raw.append('\n').append(line);
        Matcher m = STAT.matcher(line);
        if (!m.matches()) {
            job.badLine = job.badLine == null ? "line " + lineNo + " is not '\\tname: value'" : job.badLine;
            return;
        }
        String name = m.group(1);
        String value = m.group(2);
        if (name.equals("success")) {
            job.success = value.equals("yes") || value.equals("1");
        } else if (name.equals("errmsg")) {
            job.stats.error(value);
        } else if (JobStats.known(name)) {
            if (!UNSIGNED.matcher(value).matches()) {
                job.badLine = job.badLine == null ? name + " is not an unsigned integer: '" + value + "'"
                        : job.badLine;
                return;
            }
            job.stats.put(name, Long.parseLong(value));
        }
        out.ignore(lineNo);
    }

    private void closeJob(ParseOutput out) {
        if (job == null) {
            return;
        }
        OpenJob done = job;
        job = null;
        String raw = done.raw.toString();
        if (done.badLine != null) {
            out.reject(ctx.reject(done.lineNo, "job-completed statistics: " + done.badLine,
                    "'\\tname: value' lines with integer values", raw));
            return;
        }
        try {
            MigrationEvent event = base(EventKind.STATS, done.timeUs, done.domain, raw)
                    .setStatus(Boolean.FALSE.equals(done.success) ? "failed" : "completed")
                    .setError(done.stats.error())
                    .setStats(done.stats.build()).build();
            emit(event, raw, done.lineNo, out);
        } catch (ArithmeticException e) {
            out.reject(ctx.reject(done.lineNo, "dirty rate times page size overflows", "plausible values", raw));
        }
    }

    private MigrationEvent.Builder base(EventKind kind, long time, String domain, String raw) {
        String id = EventIds.of(FORMAT, ctx.host(), raw);
        return MigrationEvents.base(ctx, id, FORMAT, ctx.platformOr(Platform.LIBVIRT), kind, time, domain);
    }

    private void emit(MigrationEvent event, String raw, long lineNo, ParseOutput out) {
        String reason = MigrationEvents.check(event, ctx);
        if (reason != null) {
            out.reject(ctx.reject(lineNo, reason, "plausible values", raw));
        } else {
            out.record(event);
        }
    }

    private static Long time(String text) {
        try {
            return LocalDateTime.parse(text, STAMP).toInstant(ZoneOffset.UTC).toEpochMilli() * 1000L;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
