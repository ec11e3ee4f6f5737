package io.migscope.producers.source.xen;

import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.EventIds;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.MigrationEvents;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stderr of {@code xl [-v] [-T] migrate DOMAIN HOST}, which carries both ends (the target's xl runs under ssh),
 * to MigrationEvents of platform XEN. Three kinds of line:
 * <ul>
 * <li>xl's own migration lines ({@link XlMessages}): the phases of the handshake, success and failure;</li>
 * <li>libxc/libxl lines through xentoollog ({@code CONTEXT: LEVEL: message}, tools/libs/toollog): libxc's
 * {@code Frames iteration N: done/total pct%} progress (one pre-copy pass, N from 0), {@code Domain now suspended}
 * (the guest stops for the last copy), the restore side's {@code Reloading memory pages} of older Xen, and info
 * lines; any other xentoollog line is recognised and ignored;</li>
 * <li>with {@code -T}, xentoollog lines start with {@code YYYY-MM-DD HH:MM:SS ZONE [PID] } in the host's local time
 * ({@link ParseContext#logZone()}, except a zone written UTC or GMT). xl's own lines never carry a time: they take
 * the last time seen, else {@code --started-at}; a line with neither is rejected.</li>
 * </ul>
 * xl prints no VM name during a migration, so {@code --vm} is required. Pages are libxc's x86 4 KiB frames.
 */
public final class XenXlParser implements LineParser {

    static final String FORMAT = "xen-xl";
    /** XC_PAGE_SIZE on x86, the only architecture Xen live-migrates. */
    static final long PAGE = 4096L;
    private static final Pattern STAMP = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) (\\S+) \\[(\\d+)\\] (.*)$");
    private static final Pattern XTL = Pattern.compile(
            "^(?:([\\w.-]+): )?(debug|verbose|detail|progress|info|notice|warning|error|critical): (.*)$");
    private static final Pattern PROGRESS = Pattern.compile("^(.+): (\\d{1,18})/(\\d{1,18})\\s+(\\d{1,3})%$");
    private static final Pattern ITERATION = Pattern.compile("^Frames iteration (\\d{1,9})$");
    private static final Pattern SAVING = Pattern.compile("^Saving domain \\d+, type .+$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final String EXPECTED = "a line of xl migrate / migrate-receive (tools/xl/xl_migrate.c), or a"
            + " xentoollog line '[YYYY-MM-DD HH:MM:SS ZONE [PID] ]CONTEXT: LEVEL: message'";

    private final ParseContext ctx;
    private Long lastTimeUs;
    /** How often each (time, text) was seen, so that a line repeated at the same time still gets its own id. */
    private final Map<String, Integer> repeats = new HashMap<>();

    public XenXlParser(ParseContext ctx) {
        if (ctx.vm() == null || ctx.vm().isBlank()) {
            throw new IllegalArgumentException("xen-xl needs --vm: xl migrate does not print the VM's name");
        }
        this.ctx = ctx;
        this.lastTimeUs = ctx.startedAtUs();
    }

    @Override
    public void accept(String line, long lineNo, ParseOutput out) {
        try {
            String body = line;
            Matcher stamp = STAMP.matcher(line);
            if (stamp.matches()) {
                lastTimeUs = time(stamp.group(1), stamp.group(2));
                body = stamp.group(4);
            }
            MigrationEvent.Builder b = read(body, line, lineNo);
            if (b == null) {
                out.ignore(lineNo);
                return;
            }
            emit(b, line, lineNo, out);
        } catch (IllegalArgumentException | ArithmeticException e) {
            out.reject(ctx.reject(lineNo, e.getMessage(), EXPECTED, line));
        }
    }

    @Override
    public void finish(ParseOutput out) {
        // every line stands alone
    }

    /** The event a line makes; null for a recognised line that makes none. Throws for a line of no known shape. */
    private MigrationEvent.Builder read(String body, String line, long lineNo) {
        XlMessages.Meaning meaning = XlMessages.of(body);
        if (meaning != null) {
            return event(meaning, line, body);
        }
        if (XlMessages.quiet(body)) {
            return null;
        }
        Matcher xtl = XTL.matcher(body);
        if (xtl.matches()) {
            return toollog(xtl.group(1), xtl.group(2), xtl.group(3), line, body);
        }
        if (XlMessages.looksLikeMigrationLine(body)) {
            throw new IllegalArgumentException("xl migration line of an unknown or cut shape");
        }
        throw new IllegalArgumentException("not a line xl, libxl or libxc writes during a migration");
    }

    private MigrationEvent.Builder toollog(String context, String level, String message, String line,
                                           String body) {
        if (level.equals("progress")) {
            Matcher p = PROGRESS.matcher(message);
            if (!p.matches()) {
                return message.startsWith("Domain now suspended") ? stop(line, body) : null;
            }
            return progress(p, line, body);
        }
        if (level.equals("info") && "xc".equals(context)) {
            if (SAVING.matcher(message).matches()) {
                return event(new XlMessages.Meaning(XlMessages.SOURCE, EventKind.PHASE, MigrationPhase.PRECOPY,
                        "saving"), line, body);
            }
            if (message.equals("Restoring domain") || message.equals("Restore successful")) {
                return event(new XlMessages.Meaning(XlMessages.DESTINATION, EventKind.STATUS, null,
                        message.equals("Restoring domain") ? "restoring" : "restored"), line, body);
            }
        }
        return null;
    }

    private MigrationEvent.Builder progress(Matcher p, String line, String body) {
        String what = p.group(1);
        long done = Long.parseLong(p.group(2));
        long total = Long.parseLong(p.group(3));
        if (what.startsWith("Domain now suspended")) {
            return stop(line, body);
        }
        Matcher iteration = ITERATION.matcher(what);
        if (iteration.matches()) {
            // libxc counts its passes from 0; MIGRATION_PASS and libvirt's iteration count from 1
            int pass = Math.addExact(Integer.parseInt(iteration.group(1)), 1);
            if (done > total) {
                throw new IllegalArgumentException("more frames sent than dirty (" + done + "/" + total + ")");
            }
            return event(new XlMessages.Meaning(XlMessages.SOURCE, EventKind.PASS, null, "iteration"), line, body)
                    .setPass(pass)
                    .setStats(MigrationStats.newBuilder().setMemoryIteration((long) pass).setPageSizeBytes(PAGE)
                            .setRamRemainingBytes(Math.multiplyExact(total - done, PAGE)).build());
        }
        if (what.equals("Reloading memory pages")) {
            // Xen before 4.6: the restoring side counts pages loaded against the guest's page count
            return event(new XlMessages.Meaning(XlMessages.DESTINATION, EventKind.PROGRESS, null, "reloading"), line,
                    body).setStats(MigrationStats.newBuilder().setPageSizeBytes(PAGE)
                    .setRamTransferredBytes(Math.multiplyExact(done, PAGE))
                    .setRamTotalBytes(Math.multiplyExact(total, PAGE)).build());
        }
        return null;
    }

    /** The guest is paused for the last copy: from here until it runs at the target, it is down. */
    private MigrationEvent.Builder stop(String line, String body) {
        return event(new XlMessages.Meaning(XlMessages.SOURCE, EventKind.STOP, MigrationPhase.SWITCHOVER,
                "suspended"), line, body);
    }

    private MigrationEvent.Builder event(XlMessages.Meaning meaning, String line, String body) {
        if (lastTimeUs == null) {
            throw new IllegalArgumentException("no time: xl's own lines carry none, no earlier line had one"
                    + " (run xl with -T) and no --started-at was given");
        }
        long time = lastTimeUs;
        String key = time + "\u0000" + body;
        int seen = repeats.merge(key, 1, Integer::sum);
        String id = EventIds.of(FORMAT, ctx.vm(), ctx.host(), String.valueOf(time), body, String.valueOf(seen));
        MigrationEvent.Builder b = MigrationEvents.base(ctx, id, FORMAT, Platform.XEN, meaning.kind(), time, ctx.vm())
                .setRole(meaning.role())
                .setStatus(meaning.status())
                .setDetail(body)
                .setJob(meaning.role().equals(XlMessages.SOURCE) ? JobOperation.MIGRATION_OUT
                        : JobOperation.MIGRATION_IN);
        MigrationPhase phase = meaning.phase();
        if (phase != null) {
            b.setPhases(List.of(new PhaseMark(phase, time, false)));
            if (phase == MigrationPhase.COMPLETED) {
                b.setCompleted(true);
            } else if (phase == MigrationPhase.FAILED) {
                b.setFailed(true).setFailureReason(body);
            }
        }
        return b;
    }

    private void emit(MigrationEvent.Builder b, String line, long lineNo, ParseOutput out) {
        MigrationEvent event = b.build();
        String reason = MigrationEvents.check(event, ctx);
        if (reason != null) {
            out.reject(ctx.reject(lineNo, reason, "plausible values", line));
        } else {
            out.record(event);
        }
    }

    /** xentoollog's -T stamp: local time and the zone's abbreviation, which only UTC/GMT pin down. */
    private long time(String text, String zone) {
        ZoneId id = zone.equals("UTC") || zone.equals("GMT") ? ZoneOffset.UTC : ctx.logZone();
        try {
            var instant = LocalDateTime.parse(text, TIME).atZone(id).toInstant();
            return Math.multiplyExact(instant.getEpochSecond(), 1_000_000L);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid time '" + text + "'");
        }
    }
}
