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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code virsh domjobinfo DOMAIN [--completed]} output to one STATS MigrationEvent per block. The shapes come from
 * cmdDomjobinfo in libvirt/libvirt tools/virsh-domain.c, each line one vshPrint:
 * <ul>
 * <li>{@code "%-17s %-12s\n"}: Job type (None, Bounded, Unbounded, Completed, Failed, Cancelled) and Operation,
 * so short values carry trailing spaces;</li>
 * <li>{@code "%-17s %-12llu ms\n"}: Time elapsed, Time elapsed w/o network, Time remaining, Total downtime
 * (Completed) or Expected downtime, Downtime w/o network, Setup time;</li>
 * <li>{@code "%-17s %-.3lf %s\n"} with vshPrettyCapacity (tools/vsh.c: divide by 1024 while at least 1024, units
 * B, KiB, MiB, GiB, TiB, PiB, EiB): Data/Memory/File processed, remaining, total, Normal data, compression sizes,
 * Temporary disk space; {@code "%-17s %-.3lf %s/s\n"}: Memory bandwidth, File bandwidth;</li>
 * <li>{@code "%-17s %-12llu pages/s\n"} Dirty rate (times the page size), {@code "%-17s %-12llu bytes\n"} Page
 * size, {@code "%-17s %-12llu\n"} Iteration, Postcopy requests, Constant pages, Normal pages,
 * {@code "%-17s %-13d\n"} Auto converge throttle (a bare percentage, no % sign), {@code "%-17s %s\n"} Error
 * message.</li>
 * </ul>
 * Labels of 17 or more characters (with the colon) get exactly one space before the value; shorter ones are
 * padded to column 18. A block starts at {@code Job type:} and ends at a blank line, the next {@code Job type:},
 * or the end of input. Blocks whose job type is None describe no job and are ignored; Completed, Failed or
 * Cancelled without --completed print only Job type and Operation. Well-formed labels migscope does not use are
 * ignored. Labels pass through gettext and numbers through the C locale's decimal point, so virsh must run with
 * LC_ALL=C. The output carries no time and no VM name: the VM comes from the context, the time from a
 * {@code date +%s.%N} line before the block (a loop of polls, or the collector's own record), from
 * {@link #stampNextBlock(long)}, or {@code startedAt + k * interval} for block k.
 *
 * <p>{@code --rawstats} prints {@code "Job type: %d\n\n"} (virDomainJobType: 0 None ... 5 Cancelled) and then one
 * {@code "%s: %s\n"} per typed parameter (virTypedParameterToString), names as in virDomainGetJobStats: exact
 * bytes instead of three decimals of a binary unit, and the operation as its virDomainJobOperation code.
 * Either way the operation becomes {@code job}; a block without one keeps {@code job} null, never guessed.
 * {@code error: ...} lines are virsh's own report that a poll found no domain (stderr merged into the capture).
 */
public final class DomjobinfoParser implements LineParser {

    static final String FORMAT = "virsh-domjobinfo";
    private static final Pattern LABELLED = Pattern.compile("^([A-Z][A-Za-z /()-]*:)( +)(\\S.*?) *$");
    /** vshPrint's {@code %-17s} then one space: the value starts at column 18, or one past a longer label. */
    private static final int LABEL_WIDTH = 17;
    private static final List<String> JOB_TYPES = List.of("None", "Bounded", "Unbounded", "Completed", "Failed",
            "Cancelled", "unknown");
    private static final Pattern MS = Pattern.compile("^(\\d{1,18}) +ms$");
    private static final Pattern COUNT = Pattern.compile("^(\\d{1,18})$");
    private static final Pattern PAGES_PER_SECOND = Pattern.compile("^(\\d{1,18}) +pages/s$");
    private static final Pattern BYTES = Pattern.compile("^(\\d{1,18}) +bytes$");
    private static final Pattern CAPACITY = Pattern.compile("^(\\d{1,15}\\.\\d{3}) (B|KiB|MiB|GiB|TiB|PiB|EiB)(/s)?$");
    private static final List<String> UNITS = List.of("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB");
    private static final Map<String, String> MS_LABELS = Map.of("Time elapsed", "time_elapsed",
            "Time remaining", "time_remaining", "Setup time", "setup_time", "Expected downtime", "expected_downtime",
            "Total downtime", "downtime", "Downtime w/o network", "downtime_net");
    private static final Map<String, String> SIZE_LABELS = Map.ofEntries(
            Map.entry("Data processed", "data_processed"), Map.entry("Data remaining", "data_remaining"),
            Map.entry("Data total", "data_total"), Map.entry("Memory processed", "memory_processed"),
            Map.entry("Memory remaining", "memory_remaining"), Map.entry("Memory total", "memory_total"),
            Map.entry("Memory bandwidth", "memory_bps"), Map.entry("File processed", "disk_processed"),
            Map.entry("File remaining", "disk_remaining"), Map.entry("File total", "disk_total"),
            Map.entry("Normal data", "memory_normal_bytes"));
    private static final Map<String, String> COUNT_LABELS = Map.of("Iteration", "memory_iteration",
            "Postcopy requests", "memory_postcopy_requests", "Constant pages", "memory_constant",
            "Normal pages", "memory_normal");
    /** {@code date +%s.%N}: seconds, a point, nanoseconds (9 digits from GNU date; fewer accepted). */
    private static final Pattern DATE_STAMP = Pattern.compile("^(\\d{1,12})\\.(\\d{1,9})$");
    private static final Pattern RAW_TYPE = Pattern.compile("^Job type: (\\d{1,9})$");
    private static final Pattern RAW_PARAM = Pattern.compile("^([a-z][a-z0-9_]*): (.*)$");
    /** virDomainJobType in code order, as virsh's pretty output words it. */
    private static final List<String> RAW_JOB_TYPES = JOB_TYPES.subList(0, 6);
    private static final String EXPECTED = "'Label:   value' lines of virsh domjobinfo, starting with 'Job type:'";

    private final ParseContext ctx;
    private JobStats stats;
    private StringBuilder raw;
    private String jobType;
    private String operation;
    private JobOperation job;
    /** A --rawstats block: "name: value" lines; its one blank line after "Job type: N" does not close it. */
    private boolean rawBlock;
    private boolean rawParams;
    private String badLine;
    private long startLine;
    private long blockIndex;
    private Long nextStampUs;

    public DomjobinfoParser(ParseContext ctx) {
        if (ctx.vm() == null) {
            throw new IllegalArgumentException("virsh domjobinfo output does not name the VM: give --vm");
        }
        this.ctx = ctx;
    }

    /** A collector gives the time it ran the command, before feeding the block's lines. */
    public void stampNextBlock(long timeUs) {
        nextStampUs = timeUs;
    }

    @Override
    public void accept(String line, long lineNo, ParseOutput out) {
        if (line.isBlank()) {
            if (!rawBlock || rawParams) {
                close(out);
            }
            out.ignore(lineNo);
            return;
        }
        if (stampOrError(line, lineNo, out) || rawLine(line, lineNo, out)) {
            return;
        }
        Matcher m = LABELLED.matcher(line);
        if (!m.matches()) {
            out.reject(ctx.reject(lineNo, "not a domjobinfo 'Label: value' line", EXPECTED, line));
            return;
        }
        String label = m.group(1).substring(0, m.group(1).length() - 1);
        String value = m.group(3);
        if (m.group(1).length() + m.group(2).length() != Math.max(m.group(1).length(), LABEL_WIDTH) + 1) {
            out.reject(ctx.reject(lineNo, "label padding is not virsh's '%-17s '",
                    "the value at column 18, or one space after a label of 17 or more characters", line));
            return;
        }
        if (label.equals("Job type")) {
            close(out);
            if (!JOB_TYPES.contains(value)) {
                out.reject(ctx.reject(lineNo, "unknown job type '" + value + "'", String.join(", ", JOB_TYPES),
                        line));
                return;
            }
            open(lineNo, line, value);
            return;
        }
        if (stats == null) {
            out.reject(ctx.reject(lineNo, "domjobinfo line before any 'Job type:' line", EXPECTED, line));
            return;
        }
        raw.append('\n').append(line);
        String reason = field(label, value);
        if (reason != null && badLine == null) {
            badLine = "line " + lineNo + ": " + reason;
        }
        out.ignore(lineNo);
    }

    @Override
    public void finish(ParseOutput out) {
        close(out);
    }

    /** A poll's time stamp, or virsh's error for a poll that found nothing: both end the block before. */
    private boolean stampOrError(String line, long lineNo, ParseOutput out) {
        Matcher d = DATE_STAMP.matcher(line);
        if (d.matches()) {
            close(out);
            String nanos = (d.group(2) + "00000000").substring(0, 9);
            nextStampUs = Long.parseLong(d.group(1)) * 1_000_000L + Long.parseLong(nanos) / 1_000L;
            out.ignore(lineNo);
            return true;
        }
        if (line.startsWith("error: ")) {
            close(out);
            out.ignore(lineNo);
            return true;
        }
        return false;
    }

    /** A --rawstats "Job type: N" line, or one of its "name: value" parameters. */
    private boolean rawLine(String line, long lineNo, ParseOutput out) {
        Matcher t = RAW_TYPE.matcher(line);
        if (t.matches()) {
            close(out);
            int code = Integer.parseInt(t.group(1));
            if (code >= RAW_JOB_TYPES.size()) {
                out.reject(ctx.reject(lineNo, "unknown job type code " + code, "0..5 (virDomainJobType)", line));
                return true;
            }
            open(lineNo, line, RAW_JOB_TYPES.get(code));
            rawBlock = true;
            return true;
        }
        Matcher p = RAW_PARAM.matcher(line);
        if (!rawBlock || !p.matches()) {
            return false;
        }
        rawParams = true;
        raw.append('\n').append(line);
        String reason = rawField(p.group(1), p.group(2));
        if (reason != null && badLine == null) {
            badLine = "line " + lineNo + ": " + reason;
        }
        out.ignore(lineNo);
        return true;
    }

    private String rawField(String name, String value) {
        if (name.equals("errmsg")) {
            stats.error(value);
            return null;
        }
        if (!name.equals("operation") && !JobStats.known(name)) {
            return null;
        }
        if (!COUNT.matcher(value).matches()) {
            return name + " is not an unsigned integer: '" + value + "'";
        }
        long number = Long.parseLong(value);
        if (name.equals("operation")) {
            job = JobOperations.ofCode(number);
            operation = JobOperations.describe(number);
        } else {
            stats.put(name, number);
        }
        return null;
    }

    private void open(long lineNo, String line, String type) {
        stats = new JobStats();
        raw = new StringBuilder(line);
        jobType = type;
        operation = null;
        job = null;
        rawBlock = false;
        rawParams = false;
        badLine = null;
        startLine = lineNo;
    }

    private String field(String label, String value) {
        if (label.equals("Operation")) {
            operation = value;
            job = JobOperations.ofWord(value);
            return job == null ? "unknown operation '" + value + "' (expected " + JobOperations.words() + ")" : null;
        } else if (label.equals("Error message")) {
            stats.error(value);
        } else if (MS_LABELS.containsKey(label)) {
            return put(MS_LABELS.get(label), MS, value, "N ms");
        } else if (COUNT_LABELS.containsKey(label)) {
            return put(COUNT_LABELS.get(label), COUNT, value, "an unsigned integer");
        } else if (label.equals("Dirty rate")) {
            return put("memory_dirty_rate", PAGES_PER_SECOND, value, "N pages/s");
        } else if (label.equals("Page size")) {
            return put("memory_page_size", BYTES, value, "N bytes");
        } else if (label.equals("Auto converge throttle")) {
            return put("auto_converge_throttle", COUNT, value, "a bare percentage (%-13d)");
        } else if (SIZE_LABELS.containsKey(label)) {
            return size(label, value);
        }
        return null;
    }

    private String put(String name, Pattern shape, String value, String expected) {
        Matcher m = shape.matcher(value);
        if (!m.matches()) {
            return "'" + value + "' is not " + expected;
        }
        stats.put(name, Long.parseLong(m.group(1)));
        return null;
    }

    private String size(String label, String value) {
        Matcher m = CAPACITY.matcher(value);
        boolean rate = label.equals("Memory bandwidth");
        if (!m.matches() || rate != (m.group(3) != null)) {
            return "'" + value + "' is not " + (rate ? "X.XXX UNIT/s" : "X.XXX UNIT") + " with a binary unit";
        }
        // vshPrettyCapacity divides by 1024 per unit step; three decimals are all the precision there is
        double bytes = Double.parseDouble(m.group(1)) * Math.pow(1024, UNITS.indexOf(m.group(2)));
        if (bytes > Long.MAX_VALUE) {
            return "'" + value + "' does not fit in 64 bits";
        }
        stats.put(SIZE_LABELS.get(label), Math.round(bytes));
        return null;
    }

    private void close(ParseOutput out) {
        if (stats == null) {
            return;
        }
        JobStats done = stats;
        stats = null;
        rawBlock = false;
        long block = blockIndex++;
        Long time = nextStampUs != null ? nextStampUs
                : ctx.startedAtUs() == null ? null : ctx.startedAtUs() + block * ctx.blockIntervalUs();
        nextStampUs = null;
        String text = raw.toString();
        if (badLine != null) {
            out.reject(ctx.reject(startLine, "domjobinfo block: " + badLine, EXPECTED, text));
        } else if (jobType.equals("None")) {
            return;
        } else if (time == null) {
            out.reject(ctx.reject(startLine, "domjobinfo output carries no time and no start time was given",
                    "a start time (--started-at) or a collector stamp", text));
        } else {
            emit(done, time, text, out);
        }
    }

    private void emit(JobStats done, long time, String text, ParseOutput out) {
        MigrationEvent event;
        try {
            event = MigrationEvents.base(ctx, EventIds.of(FORMAT, ctx.vm(), ctx.host(), String.valueOf(time), text),
                            FORMAT, ctx.platformOr(Platform.LIBVIRT), EventKind.STATS, time, ctx.vm())
                    .setStatus(jobType).setDetail(operation).setJob(job).setError(done.error()).setStats(done.build()).build();
        } catch (ArithmeticException e) {
            out.reject(ctx.reject(startLine, "dirty rate times page size overflows", "plausible values", text));
            return;
        }
        String reason = MigrationEvents.check(event, ctx);
        if (reason != null) {
            out.reject(ctx.reject(startLine, reason, "plausible values", text));
        } else {
            out.record(CanonicalSignals.apply(event));
        }
    }
}
