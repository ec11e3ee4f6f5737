package io.migscope.producers.source.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.EventIds;
import io.migscope.producers.parse.MigrationEvents;
import io.migscope.producers.parse.ParseContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code govc tasks -json}: {@code {"tasks": [TaskInfo...]}}. Each migration task becomes one event for the state it
 * is in: queued is QUEUED at queueTime; running adds PRECOPY at startTime (vMotion copies memory while the VM runs);
 * success adds COMPLETED, error FAILED (CANCELLED when the task was cancelled) at completeTime. TaskInfo.progress
 * is the task's own percentage, kept in the detail: it is not a share of memory.
 */
final class VsphereTasks {

    private VsphereTasks() {
    }

    static List<MigrationEvent> read(JsonNode json, ParseContext ctx) {
        JsonNode tasks = Fields.get(json, "tasks");
        if (!tasks.isArray()) {
            throw new IllegalArgumentException("tasks is not an array");
        }
        List<MigrationEvent> events = new ArrayList<>();
        for (JsonNode task : tasks) {
            if (!task.isObject()) {
                throw new IllegalArgumentException("tasks[] holds a value that is not a TaskInfo object");
            }
            if (VsphereAdapter.isMigrationTask(Fields.text(task, "name"), Fields.text(task, "descriptionId"))) {
                events.add(task(task, ctx));
            }
        }
        return events;
    }

    private static MigrationEvent task(JsonNode task, ParseContext ctx) {
        String key = Fields.requiredText(task, "key");
        String state = Fields.requiredText(task, "state");
        String vm = Fields.text(task, "entityName");
        if (vm == null) {
            throw new IllegalArgumentException("task " + key + " names no entity (entityName)");
        }
        boolean cancelled = Fields.has(task, "cancelled") && Fields.get(task, "cancelled").asBoolean(false);
        long queued = Fields.time(task, "queueTime");
        Long started = Fields.optionalTime(task, "startTime");
        Long completed = Fields.optionalTime(task, "completeTime");
        List<PhaseMark> phases = phases(state, cancelled, queued, started, completed);
        long time = phases.get(phases.size() - 1).getAtUs();
        JsonNode progressNode = Fields.get(task, "progress");
        int progress = progressNode == null ? 0 : progressNode.asInt(0);
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("task progress outside 0..100 (" + progress + ")");
        }
        JsonNode chain = Fields.get(task, "eventChainId");
        String migrationId = chain == null ? key : "chain-" + chain.asLong();
        String error = errorMessage(task);
        String id = EventIds.of(VsphereParser.FORMAT, key, state, String.valueOf(progress), String.valueOf(completed));
        MigrationEvent.Builder b = MigrationEvents.base(ctx, id, VsphereParser.FORMAT, Platform.VSPHERE,
                        state.equals("running") ? EventKind.PROGRESS : EventKind.STATUS, time, vm)
                .setMigrationId(migrationId)
                .setStatus(state)
                .setDetail(Fields.text(task, "name") + " " + state + " " + progress + "%")
                .setJob(JobOperation.MIGRATION_OUT)
                .setStartedAtUs(started)
                .setEndedAtUs(completed)
                .setPhases(phases);
        MigrationPhase end = VsphereAdapter.endPhase(state, cancelled);
        if (end == MigrationPhase.COMPLETED) {
            b.setCompleted(true);
        } else if (end != null) {
            b.setFailed(end == MigrationPhase.FAILED).setFailureReason(error).setError(error);
        }
        return b.build();
    }

    private static List<PhaseMark> phases(String state, boolean cancelled, long queued, Long started,
                                          Long completed) {
        List<PhaseMark> phases = new ArrayList<>();
        phases.add(new PhaseMark(MigrationPhase.QUEUED, queued, true));
        switch (state) {
            case "queued" -> {
                // nothing more has happened yet
            }
            case "running" -> phases.add(new PhaseMark(MigrationPhase.PRECOPY, need(started, "startTime", state),
                    true));
            case "success", "error" -> {
                if (started != null) {
                    phases.add(new PhaseMark(MigrationPhase.PRECOPY, started, true));
                }
                phases.add(new PhaseMark(VsphereAdapter.endPhase(state, cancelled), need(completed, "completeTime",
                        state), true));
            }
            default -> throw new IllegalArgumentException("unknown task state '" + state + "'");
        }
        return phases;
    }

    private static long need(Long value, String field, String state) {
        if (value == null) {
            throw new IllegalArgumentException("a " + state + " task without " + field);
        }
        return value;
    }

    /** TaskInfo.error is a LocalizedMethodFault: its localizedMessage is what vCenter shows. */
    private static String errorMessage(JsonNode task) {
        JsonNode error = Fields.get(task, "error");
        return error == null ? null : Fields.text(error, "localizedMessage");
    }
}
