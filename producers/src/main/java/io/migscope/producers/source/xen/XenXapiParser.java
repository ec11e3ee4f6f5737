package io.migscope.producers.source.xen;

import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.Checks;
import io.migscope.producers.parse.EventIds;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.MigrationEvents;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XenServer / XCP-ng migrations as the toolstack reports them, to MigrationEvents of platform XEN. Two inputs, which
 * may be mixed:
 * <ul>
 * <li>{@code /var/log/xensource.log}: rsyslog's {@code Mmm dd HH:MM:SS HOST PROGRAM: } then xapi's logger
 * ({@code [LEVEL|CONTEXT|THREAD NAME|TASK|MODULE] message}, ocaml/libs/log/debug.ml {@code format}). Lines of the
 * migration tasks ({@code [Async.]VM.pool_migrate}, {@code VM.migrate_send}, {@code VM.pool_migrate_complete}, the
 * {@code dispatch:} tasks created for them) are read with {@link XapiMessages}; every other line of that shape is
 * recognised and ignored. The migration id is the task's reference ({@code R:3e35c13ce76f}), which the source and
 * the destination log alike. The time is the host's local time ({@link ParseContext#logZone()}) and has no year: it
 * is that of {@code --started-at}, else the clock's (the year before when that would put it a day in the
 * future), and moves on when the month goes back half a year (December to January).</li>
 * <li>{@code xe task-list params=all}: blocks of {@code NAME (RO): VALUE} lines (ocaml/xapi-cli-server/records.ml
 * {@code task_record}, printed by cli_printer.ml), a blank line after each. A {@code VM.pool_migrate} or
 * {@code VM.migrate_send} task becomes one event per state seen: REQUESTED at {@code created}, and the end phase at
 * {@code finished}. A task record does not name its VM, so these need {@code --vm}.</li>
 * </ul>
 * A task record's id hashes its uuid, status, progress and end, and an id already emitted is not emitted again, so
 * a re-polled task yields nothing new; a log line's id hashes its host, time and text (and how often that text came
 * at that second). Refs, uuids and xapi's {@code YYYYMMDDTHH:MM:SSZ} dates are read as written; the xenops URL's
 * session id is redacted from details.
 */
public final class XenXapiParser implements LineParser {

    static final String FORMAT = "xen-xapi";
    private static final int SEEN_LIMIT = 100_000;
    private static final int MAX_FIELDS = 64;
    private static final long DAY_US = 86_400_000_000L;
    private static final Pattern SYSLOG = Pattern.compile(
            "^([A-Z][a-z]{2}) {1,2}(\\d{1,2}) (\\d\\d):(\\d\\d):(\\d\\d) (\\S+) ([^\\s:\\[]+)(?:\\[\\d+\\])?: (.*)$");
    private static final Pattern LOGGER = Pattern.compile(
            "^\\[([ a-z]{5})\\|([^|]*)\\|(\\d{1,12}) ([^|]*)\\|([^|]*)\\|([^|\\]]*)\\] (.*)$");
    private static final Pattern MIGRATION_TASK = Pattern.compile(
            "^(?:dispatch:)?(?:Async\\.)?VM\\.(?:pool_migrate|migrate_send|pool_migrate_complete)"
                    + " ([RD]:[0-9a-f]{1,40})$");
    private static final Pattern CREATED_BY = Pattern.compile("^task (?:dispatch:)?(?:Async\\.)?VM\\."
            + "(?:pool_migrate|migrate_send|pool_migrate_complete) ([RD]:[0-9a-f]{1,40}) created by task"
            + " ([RD]:[0-9a-f]{1,40})$");
    private static final Pattern FIELD = Pattern.compile(
            "^ *([A-Za-z0-9_-]+) \\((?: RO| RW|MRO|MRW|SRO|SRW)\\)(?: \\[DEPRECATED\\])? *:(?: (.*))?$");
    private static final Pattern MIGRATION_TASK_NAME = Pattern.compile(
            "^(?:Async\\.)?VM\\.(?:pool_migrate|migrate_send)$");
    private static final Pattern XAPI_DATE = Pattern.compile(
            "^(\\d{4})(\\d\\d)(\\d\\d)T(\\d\\d):(\\d\\d):(\\d\\d)(Z|[+-]\\d\\d:\\d\\d)?$");
    private static final Pattern PROGRESS = Pattern.compile("^\\d{1,3}\\.\\d{1,6}$");
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
            "Oct", "Nov", "Dec");
    private static final String EXPECTED = "a xensource.log line 'Mmm dd HH:MM:SS HOST PROGRAM: [LEVEL|CONTEXT|THREAD"
            + "|TASK|MODULE] message', a field of xe task-list params=all 'NAME ( RO): VALUE', or a blank line";

    private final ParseContext ctx;
    /** The VM each migration task is about, learned from the lines that name it. */
    private final Map<String, String> taskVm = new HashMap<>();
    /** dispatch: tasks (D:) to the task that created them (R:). */
    private final Map<String, String> parentTask = new HashMap<>();
    private final Map<String, Integer> repeats = new HashMap<>();
    private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_LIMIT;
        }
    };
    private Map<String, String> record;
    private long recordLine;
    private String recordText;
    private Integer year;
    private int lastMonth;

    public XenXapiParser(ParseContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void accept(String line, long lineNo, ParseOutput out) {
        try {
            if (line.isBlank()) {
                closeRecord(out);
                out.ignore(lineNo);
                return;
            }
            Matcher field = FIELD.matcher(line);
            if (field.matches()) {
                field(field.group(1), field.group(2) == null ? "" : field.group(2), line, lineNo, out);
                return;
            }
            closeRecord(out);
            Matcher syslog = SYSLOG.matcher(line);
            if (!syslog.matches()) {
                throw new IllegalArgumentException(
                        "neither a syslog line of xensource.log nor a field of an xe record");
            }
            logLine(syslog, line, lineNo, out);
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            out.reject(ctx.reject(lineNo, e.getMessage(), EXPECTED, line));
        }
    }

    @Override
    public void finish(ParseOutput out) {
        closeRecord(out);
    }

    private void logLine(Matcher syslog, String line, long lineNo, ParseOutput out) {
        long time = syslogTime(syslog);
        Matcher logger = LOGGER.matcher(syslog.group(8));
        if (!logger.matches()) {
            // another daemon's line in the same file (squeezed, emu-manager, ...): no xapi task to read
            out.ignore(lineNo);
            return;
        }
        String message = logger.group(7);
        Matcher created = CREATED_BY.matcher(message);
        if (created.matches()) {
            parentTask.put(created.group(1), root(created.group(2)));
            out.ignore(lineNo);
            return;
        }
        Matcher task = MIGRATION_TASK.matcher(logger.group(5));
        if (!task.matches()) {
            out.ignore(lineNo);
            return;
        }
        XapiMessages.Meaning meaning = XapiMessages.of(message);
        if (meaning == null) {
            if (XapiMessages.looksLikeMigrationMessage(message)) {
                throw new IllegalArgumentException("xapi migration message of an unknown or cut shape");
            }
            out.ignore(lineNo);
            return;
        }
        String taskRef = root(task.group(1));
        String vm = vmOf(taskRef, meaning.vm());
        if (meaning.kind() == null) {
            out.ignore(lineNo);
            return;
        }
        if (vm == null) {
            throw new IllegalArgumentException("task " + taskRef + " has named no VM in an earlier line and none was"
                    + " given with --vm");
        }
        emit(event(meaning, vm, taskRef, syslog.group(6), time, message), line, lineNo, out);
    }

    private MigrationEvent event(XapiMessages.Meaning meaning, String vm, String taskRef, String host, long time,
                                 String message) {
        String detail = XapiMessages.redact(message);
        int seenBefore = repeats.merge(host + '\u0000' + time + '\u0000' + message, 1, Integer::sum);
        String id = EventIds.of(FORMAT, host, String.valueOf(time), message, String.valueOf(seenBefore));
        MigrationEvent.Builder b = MigrationEvents.base(ctx, id, FORMAT, Platform.XEN, meaning.kind(), time, vm)
                .setHost(host)
                .setRole(meaning.role())
                .setMigrationId(taskRef)
                .setStatus(meaning.status())
                .setDetail(detail)
                .setTargetHost(meaning.peer())
                .setJob(XapiMessages.DESTINATION.equals(meaning.role()) ? JobOperation.MIGRATION_IN
                        : JobOperation.MIGRATION_OUT);
        ending(b, meaning.phase(), time, meaning.failure() == null ? null : XapiMessages.redact(meaning.failure()));
        return b.build();
    }

    /** The task's VM: a uuid wins over the OpaqueRef a non-master host prints; unknown stays null. */
    private String vmOf(String taskRef, String fromMessage) {
        String known = taskVm.get(taskRef);
        if (fromMessage != null && (known == null || known.startsWith("OpaqueRef:") && !fromMessage.startsWith(
                "OpaqueRef:"))) {
            taskVm.put(taskRef, fromMessage);
            known = fromMessage;
        }
        if (known != null) {
            return known;
        }
        return ctx.vm();
    }

    private String root(String taskRef) {
        return parentTask.getOrDefault(taskRef, taskRef);
    }

    private void field(String name, String value, String line, long lineNo, ParseOutput out) {
        if (name.equals("uuid")) {
            closeRecord(out);
            record = new LinkedHashMap<>();
            recordLine = lineNo;
            recordText = line;
        } else if (record == null) {
            throw new IllegalArgumentException("xe record field '" + name + "' before the record's uuid line");
        } else if (record.size() >= MAX_FIELDS) {
            throw new IllegalArgumentException("xe record with more than " + MAX_FIELDS + " fields");
        } else {
            recordText = recordText + "\n" + line;
        }
        if (record.putIfAbsent(name, value) != null) {
            throw new IllegalArgumentException("field '" + name + "' twice in one xe record");
        }
        out.ignore(lineNo);
    }

    private void closeRecord(ParseOutput out) {
        if (record == null) {
            return;
        }
        Map<String, String> fields = record;
        record = null;
        try {
            String name = fields.get("name-label");
            if (name == null) {
                throw new IllegalArgumentException("xe record without name-label: not a task-list params=all record");
            }
            if (MIGRATION_TASK_NAME.matcher(name).matches()) {
                emit(task(fields, name), recordText, recordLine, out);
            }
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            out.reject(ctx.reject(recordLine, e.getMessage(), "an xe task record with uuid, name-label, status,"
                    + " progress, created and finished", recordText));
        }
    }

    private MigrationEvent task(Map<String, String> f, String name) {
        String uuid = required(f, "uuid");
        if (!UUID.matcher(uuid).matches()) {
            throw new IllegalArgumentException("task uuid '" + uuid + "' is not a uuid");
        }
        if (ctx.vm() == null) {
            throw new IllegalArgumentException("an xe task record does not name its VM: give --vm");
        }
        String status = required(f, "status");
        MigrationPhase end = XapiMessages.endPhase(status);
        String progress = required(f, "progress");
        if (!PROGRESS.matcher(progress).matches() || Double.parseDouble(progress) > 1.0) {
            throw new IllegalArgumentException("progress '" + progress + "' is not a fraction in 0..1");
        }
        long created = xapiTime(required(f, "created"), "created");
        Long finished = end == null ? null : xapiTime(required(f, "finished"), "finished");
        if (finished != null && finished < created) {
            throw new IllegalArgumentException("task finished before it was created");
        }
        long time = finished == null ? created : finished;
        String error = f.getOrDefault("error_info", "").isEmpty() ? null : f.get("error_info");
        String id = EventIds.of(FORMAT, "task", uuid, status, progress, String.valueOf(finished));
        MigrationEvent.Builder b = MigrationEvents.base(ctx, id, FORMAT, Platform.XEN,
                        end == null ? EventKind.PROGRESS : EventKind.STATUS, time, ctx.vm())
                .setMigrationId(uuid)
                .setHost(hostOf(f.get("resident-on")))
                .setStatus(status)
                .setDetail(name + " " + status + " "
                        + String.format(Locale.ROOT, "%.1f", Double.parseDouble(progress) * 100) + "%")
                .setJob(JobOperation.MIGRATION_OUT)
                .setStartedAtUs(created)
                .setEndedAtUs(finished);
        List<PhaseMark> phases = new ArrayList<>();
        phases.add(new PhaseMark(MigrationPhase.REQUESTED, created, true));
        b.setPhases(phases);
        if (end != null) {
            phases.add(new PhaseMark(end, finished, true));
            outcome(b, end, error);
        }
        return b.build();
    }

    private static void ending(MigrationEvent.Builder b, MigrationPhase phase, long time, String failure) {
        if (phase == null) {
            return;
        }
        b.setPhases(List.of(new PhaseMark(phase, time, false)));
        outcome(b, phase, failure);
    }

    private static void outcome(MigrationEvent.Builder b, MigrationPhase phase, String failure) {
        if (phase == MigrationPhase.COMPLETED) {
            b.setCompleted(true);
        } else if (phase == MigrationPhase.FAILED) {
            b.setFailed(true).setFailureReason(failure).setError(failure);
        } else if (phase == MigrationPhase.CANCELLED) {
            b.setFailed(false).setFailureReason(failure);
        }
    }

    /** resident-on is a host uuid, or {@code <not in database>} once the host has gone. */
    private static String hostOf(String residentOn) {
        return residentOn == null || residentOn.isEmpty() || residentOn.startsWith("<") ? null : residentOn;
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("xe task record without " + name);
        }
        return value;
    }

    private void emit(MigrationEvent event, String raw, long lineNo, ParseOutput out) {
        String reason = MigrationEvents.check(event, ctx);
        for (PhaseMark mark : event.getPhases()) {
            reason = reason != null ? reason : Checks.time(mark.getPhase() + " time", mark.getAtUs(), ctx.clock());
        }
        if (reason != null) {
            out.reject(ctx.reject(lineNo, reason, "plausible values", raw));
        } else if (seen.putIfAbsent(event.getEventId(), Boolean.TRUE) != null) {
            out.ignore(lineNo);
        } else {
            out.record(event);
        }
    }

    /** xapi's Date.to_rfc3339: {@code YYYYMMDDTHH:MM:SS} and Z, an offset, or nothing, which xapi reads as UTC. */
    private static long xapiTime(String text, String name) {
        Matcher m = XAPI_DATE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " '" + text + "' is not an xapi date YYYYMMDDTHH:MM:SSZ");
        }
        ZoneOffset offset = m.group(7) == null || m.group(7).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(7));
        Instant instant = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                Integer.parseInt(m.group(6))).toInstant(offset);
        return Math.multiplyExact(instant.getEpochSecond(), 1_000_000L);
    }

    /** rsyslog's stamp has no year: see the class comment. */
    private long syslogTime(Matcher m) {
        int month = MONTHS.indexOf(m.group(1)) + 1;
        if (month == 0) {
            throw new IllegalArgumentException("unknown month '" + m.group(1) + "'");
        }
        // a month half a year back is the new year (Dec to Jan); a smaller step back is lines of two hosts or files
        int y = year == null ? firstYear(month, m) : lastMonth - month >= 6 ? year + 1 : year;
        long time = micros(y, month, m);
        year = y;
        lastMonth = month;
        return time;
    }

    private int firstYear(int month, Matcher m) {
        long nowUs = ctx.clock().millis() * 1000L;
        long base = ctx.startedAtUs() != null ? ctx.startedAtUs() : nowUs;
        int guess = Instant.ofEpochSecond(base / 1_000_000L).atZone(ctx.logZone()).getYear();
        if (ctx.startedAtUs() == null && micros(guess, month, m) > nowUs + DAY_US) {
            guess--;
        }
        return guess;
    }

    private long micros(int y, int month, Matcher m) {
        ZonedDateTime t = LocalDateTime.of(y, month, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5))).atZone(ctx.logZone());
        return Math.multiplyExact(t.toEpochSecond(), 1_000_000L);
    }
}
