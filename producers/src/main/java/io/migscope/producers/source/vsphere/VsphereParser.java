package io.migscope.producers.source.vsphere;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.Checks;
import io.migscope.producers.parse.EventIds;
import io.migscope.producers.parse.JsonBlocks;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.MigrationEvents;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * vCenter events and tasks as govc prints them with {@code -json}: each value indented over several lines (govc's
 * default) or on one line ({@code GOVC_INDENT=false}).
 * <ul>
 * <li>{@code govc events [-f] -l -json}: one record per event, {@code {type, createdTime, category, message, key}}
 * (PascalCase before govc 0.34). The migration types (see {@link VsphereAdapter}) become PHASE events; every other
 * type is recognised and ignored. Without {@code -l} there is no type, and a record is recognised by its message
 * template alone. govc prints no host fields: the hosts and the VM are read from the message
 * ({@link VsphereMessages}); where the template is unknown the VM comes from the record's {@code object} or
 * {@code --vm}.</li>
 * <li>{@code govc tasks -json}: {@code {"tasks": [TaskInfo...]}}; MigrateVM_Task and RelocateVM_Task become one STATUS
 * event per task state seen (PROGRESS while running), with the phases its queue, start and complete times mark.
 * The migration id is the task's event chain ({@code eventChainId}), which vCenter shares with the task's events.</li>
 * </ul>
 * govc's timestamps are RFC 3339 in UTC. Ids hash the content, and an id already emitted is not emitted again, so
 * a re-read or re-polled record yields nothing new.
 */
public final class VsphereParser implements LineParser {

    static final String FORMAT = "vsphere";
    private static final int MAX_CHARS = 4 << 20;
    private static final int SEEN_LIMIT = 100_000;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String EXPECTED = "a govc -json value: an event record {type, createdTime, category, message}"
            + " or {\"tasks\": [...]}";

    private final ParseContext ctx;
    private final JsonBlocks blocks = new JsonBlocks(MAX_CHARS);
    /** Ids already emitted, oldest first, bounded so that a long follow does not grow without end. */
    private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_LIMIT;
        }
    };

    public VsphereParser(ParseContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void accept(String line, long lineNo, ParseOutput out) {
        JsonBlocks.Block block = blocks.add(line, lineNo);
        if (block == null) {
            out.ignore(lineNo);
        } else {
            value(block, out);
        }
    }

    @Override
    public void finish(ParseOutput out) {
        JsonBlocks.Block block = blocks.flush();
        if (block != null) {
            out.reject(ctx.reject(block.firstLine(), "JSON value not closed at the end of the input", EXPECTED,
                    block.text()));
        }
    }

    private void value(JsonBlocks.Block block, ParseOutput out) {
        long lineNo = block.firstLine();
        JsonNode json;
        try {
            json = block.complete() ? MAPPER.readTree(block.text()) : null;
        } catch (Exception e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            String reason = !block.complete() ? "JSON value longer than " + MAX_CHARS + " characters"
                    : json == null ? "not JSON" : "not a JSON object";
            out.reject(ctx.reject(lineNo, reason, EXPECTED, block.text()));
            return;
        }
        try {
            List<MigrationEvent> events = Fields.has(json, "tasks") ? VsphereTasks.read(json, ctx)
                    : Fields.has(json, "createdTime") ? event(json) : null;
            if (events == null) {
                out.reject(ctx.reject(lineNo, "JSON object is neither a govc event record nor a task list",
                        EXPECTED, block.text()));
            } else if (events.isEmpty()) {
                out.ignore(lineNo);
            } else {
                emit(events, block, out);
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            out.reject(ctx.reject(lineNo, e.getMessage(), EXPECTED, block.text()));
        }
    }

    /** One govc event record: a PHASE event for the migration types, nothing for the others. */
    private List<MigrationEvent> event(JsonNode json) {
        String message = Fields.requiredText(json, "message");
        long time = Fields.time(json, "createdTime");
        String type = Fields.text(json, "type");
        VsphereMessages.Parts parts;
        if (type == null) {
            parts = VsphereMessages.guess(message);
            if (parts == null) {
                return List.of();
            }
            type = parts.type();
        } else if (!VsphereAdapter.isMigrationEvent(type)) {
            return List.of();
        } else {
            parts = VsphereMessages.read(type, message);
        }
        String vm = parts != null ? parts.vm() : vmOf(json, type);
        MigrationPhase phase = VsphereAdapter.eventPhase(type);
        String key = Fields.text(json, "key");
        MigrationEvent.Builder b = MigrationEvents.base(ctx, EventIds.of(FORMAT, type, String.valueOf(time), message,
                        key), FORMAT, Platform.VSPHERE, EventKind.PHASE, time, vm)
                .setStatus(type)
                .setDetail(message)
                .setJob(JobOperation.MIGRATION_OUT)
                .setPhases(List.of(new PhaseMark(phase, time, false)));
        if (parts != null) {
            b.setSourceHost(parts.sourceHost()).setTargetHost(parts.targetHost());
        }
        if (phase == MigrationPhase.FAILED) {
            b.setFailed(true).setFailureReason(message);
        } else if (phase == MigrationPhase.COMPLETED) {
            b.setCompleted(true);
        }
        return List.of(b.build());
    }

    /** The VM of a record whose message has no known template: govc's object reference, else --vm. */
    private String vmOf(JsonNode json, String type) {
        String object = Fields.text(json, "object");
        if (object != null && object.startsWith("VirtualMachine:")) {
            return object;
        }
        if (ctx.vm() != null) {
            return ctx.vm();
        }
        throw new IllegalArgumentException(type + " message is not a template migscope can read the VM from, the"
                + " record has no VirtualMachine object, and no --vm was given");
    }

    private void emit(List<MigrationEvent> events, JsonBlocks.Block block, ParseOutput out) {
        List<MigrationEvent> fresh = new ArrayList<>();
        for (MigrationEvent event : events) {
            String reason = MigrationEvents.check(event, ctx);
            if (reason == null) {
                reason = phaseTimes(event);
            }
            if (reason != null) {
                out.reject(ctx.reject(block.firstLine(), reason, "plausible values", block.text()));
                return;
            }
            if (!seen.containsKey(event.getEventId())) {
                fresh.add(event);
            }
        }
        if (fresh.isEmpty()) {
            out.ignore(block.firstLine());
        }
        for (MigrationEvent event : fresh) {
            seen.put(event.getEventId(), Boolean.TRUE);
            out.record(event);
        }
    }

    /** A phase time vCenter never wrote (before 2000, or a day ahead) is as absurd as a bad event time. */
    private String phaseTimes(MigrationEvent event) {
        for (PhaseMark mark : event.getPhases()) {
            String reason = Checks.time(mark.getPhase() + " time", mark.getAtUs(),
                    ctx.clock());
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }
}
