package io.migscope.producers.source.libvirt;

import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.EventIds;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.MigrationEvents;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import io.migscope.producers.signals.CanonicalSignals;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code virsh event --all --loop --timestamp} output to MigrationEvents. The shapes come from libvirt/libvirt
 * tools/virsh-domain-event.c:
 * <ul>
 * <li>virshEventPrintf: with --timestamp every event starts with {@code "%s: "} of virTimeStringNowRaw, whose format
 * (src/util/virtime.h) is {@code "%4d-%02d-%02d %02d:%02d:%02d.%03d+0000"}, always UTC; lines without it are
 * rejected;</li>
 * <li>virshEventLifecyclePrint {@code "event 'lifecycle' for domain '%1$s': %2$s %3$s\n"}: the event and detail
 * words of the virshDomainEvent* enums (details may hold spaces: "Post-copy Error", "I/O Error"). Details that
 * tell of a job (Migrated, Post-copy, Failed, Saved, Restored, Snapshot; see {@link LifecycleWords}) become
 * LIFECYCLE, with {@code job} where the detail or the domain's state on this host names the operation
 * ({@link DomainStates}: a destination stopped before it took over ends its incoming migration, whatever the stop's
 * detail); other known ones are ignored, unknown words rejected;</li>
 * <li>virshEventMigrationIterationPrint {@code "event 'migration-iteration' for domain '%1$s': iteration: '%2$d'\n"}
 * to PASS, with {@code job} MIGRATION_OUT after the domain's switchover suspend, UNKNOWN while it is paused for a
 * save, dump or snapshot, else none;</li>
 * <li>virshEventJobCompletedPrint {@code "event 'job-completed' for domain '%1$s':\n"} then one
 * {@code "\t%s: %s\n"} per typed parameter (virTypedParameterToString: integers as %d/%llu, booleans as %d) to
 * STATS; parameter names and order are those of qemuDomainMigrationJobDataToParams (src/qemu/qemu_domainjob.c);
 * its {@code operation} (virDomainJobOperation code) becomes {@code job}. libvirt sends job-completed only for a
 * job that succeeded, for every kind of job (a save, a dump, a snapshot too), so {@code job} tells a migration
 * from the rest; without an operation the lifecycle details seen before it decide, else UNKNOWN;</li>
 * <li>tunable ({@code "\t%s: %s"}), graphics ({@code "\t%s=%s"}), memory-failure, memory-device-size-change and
 * nic-mac-change also print continuation lines; they are recognised and ignored with their event;</li>
 * <li>cmdEvent ends with {@code "event loop interrupted"}/{@code "event loop timed out"} and
 * {@code "events received: %1$d"}, ignored.</li>
 * </ul>
 * Labels are run through gettext, so virsh must run in the C locale for these words to match.
 */
public final class VirshEventParser implements LineParser {

    static final String FORMAT = "virsh-event";
    private static final Pattern EVENT = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3})\\+0000: event '([a-z0-9-]+)' for domain '(.*)$");
    // the domain name is printed raw and may itself hold quotes, so the fixed tail anchors each shape
    private static final Pattern LIFECYCLE = Pattern.compile("^(.+)': ([A-Za-z]+) (.+)$");
    private static final Pattern ITERATION = Pattern.compile("^(.+)': iteration: '(\\d{1,9})'$");
    private static final Pattern JOB_COMPLETED = Pattern.compile("^(.+)':$");
    private static final Pattern STAT = Pattern.compile("^\\t([a-z][a-z0-9_]*): (.*)$");
    private static final Pattern UNSIGNED = Pattern.compile("^\\d{1,18}$");
    private static final Pattern SUMMARY = Pattern.compile("^events received: \\d+$|^event loop (?:timed out|interrupted)$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final String EXPECTED = "'YYYY-MM-DD HH:MM:SS.mmm+0000: event 'TYPE' for domain 'NAME': DETAIL'"
            + " or a tab-indented job-completed statistic";

    /** Lines virsh prints after the first line of these events (virshEvent*Print); none carries migration data. */
    private static final Map<String, Pattern> CONTINUATIONS = Map.of(
            "tunable", Pattern.compile("^\\t[^:]+: .*$"),
            "graphics", Pattern.compile("^\\t[^=]*=.*$"),
            "memory-failure",
            Pattern.compile("^(?:recipient: .*|action: .*|flags:|\\taction required: \\d|\\trecursive: \\d)$"),
            "memory-device-size-change", Pattern.compile("^(?:alias: .*|size: \\d+)$"),
            "nic-mac-change", Pattern.compile("^(?:alias|oldMAC|newMAC): .*$"));

    private final ParseContext ctx;
    /** Per domain, the job its lifecycle details since its last job-completed point to. */
    private final Map<String, JobOperation> evidence = new HashMap<>();
    private final DomainStates states = new DomainStates();
    private OpenJob job;
    private Pattern continuation;

    /** A job-completed record waiting for its statistic lines. */
    private static final class OpenJob {
        final long lineNo;
        final long timeUs;
        final String domain;
        final StringBuilder raw;
        final JobStats stats = new JobStats();
        JobOperation operation;
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
        if (continuation != null && continuation.matcher(line).matches()) {
            out.ignore(lineNo);
            return;
        }
        continuation = null;
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
        event(m.group(2), m.group(3), time, line, lineNo, out);
    }

    private void event(String type, String rest, long time, String line, long lineNo, ParseOutput out) {
        switch (type) {
            case "lifecycle" -> lifecycle(time, rest, line, lineNo, out);
            case "migration-iteration" -> iteration(time, rest, line, lineNo, out);
            case "job-completed" -> {
                Matcher m = JOB_COMPLETED.matcher(rest);
                if (!m.matches()) {
                    out.reject(ctx.reject(lineNo, "job-completed line with text after the colon",
                            "statistics on the following tab-indented lines", line));
                } else {
                    job = new OpenJob(lineNo, time, m.group(1), line);
                }
            }
            default -> {
                continuation = CONTINUATIONS.get(type);
                out.ignore(lineNo);
            }
        }
    }

    @Override
    public void finish(ParseOutput out) {
        closeJob(out);
    }

    private void lifecycle(long time, String rest, String line, long lineNo, ParseOutput out) {
        Matcher m = LIFECYCLE.matcher(rest);
        if (!m.matches() || !LifecycleWords.known(m.group(2), m.group(3))) {
            out.reject(ctx.reject(lineNo, "lifecycle event without a known 'Event Detail'",
                    "e.g. 'Suspended Migrated' (virshDomainEvent* words, C locale)", line));
            return;
        }
        String detail = m.group(2) + " " + m.group(3);
        JobOperation operation = states.lifecycle(m.group(1), m.group(2), m.group(3));
        // a stop names no job by its words, but ends the migration this host saw the domain in
        if (!LifecycleWords.aboutJobs(m.group(3)) && operation == null) {
            out.ignore(lineNo);
            return;
        }
        if (operation != null && operation != JobOperation.UNKNOWN) {
            evidence.put(m.group(1), operation);
        }
        emit(base(EventKind.LIFECYCLE, time, m.group(1), line).setDetail(detail).setJob(operation).build(), line,
                lineNo, out);
    }

    private void iteration(long time, String rest, String line, long lineNo, ParseOutput out) {
        Matcher m = ITERATION.matcher(rest);
        if (!m.matches()) {
            out.reject(ctx.reject(lineNo, "migration-iteration without iteration: 'N'", "iteration: 'N'", line));
            return;
        }
        emit(base(EventKind.PASS, time, m.group(1), line).setPass(Integer.parseInt(m.group(2)))
                .setJob(states.iteration(m.group(1))).build(), line, lineNo, out);
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
            // a boolean typed parameter: virTypedParameterToString prints it with %d
            if (!value.equals("0") && !value.equals("1")) {
                job.badLine = job.badLine == null ? "success is not 0 or 1: '" + value + "'" : job.badLine;
                return;
            }
            job.success = value.equals("1");
        } else if (name.equals("errmsg")) {
            job.stats.error(value);
        } else if (name.equals("operation")) {
            // VIR_TYPED_PARAM_INT: the virDomainJobOperation code
            if (!UNSIGNED.matcher(value).matches()) {
                job.badLine = job.badLine == null ? "operation is not a job operation code: '" + value + "'"
                        : job.badLine;
                return;
            }
            job.operation = JobOperations.ofCode(Long.parseLong(value));
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
            // libvirt before 3.3 sent no operation: then the lifecycle details seen since the domain's last job
            // tell it, or it stays UNKNOWN, which never becomes a migration
            JobOperation operation = done.operation != null ? done.operation
                    : evidence.getOrDefault(done.domain, JobOperation.UNKNOWN);
            evidence.remove(done.domain);
            MigrationEvent event = base(EventKind.STATS, done.timeUs, done.domain, raw)
                    .setStatus(Boolean.FALSE.equals(done.success) ? "failed" : "completed")
                    .setJob(operation)
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
            out.record(CanonicalSignals.apply(event));
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
