package io.migscope.producers.source.kubevirt;

import com.fasterxml.jackson.databind.JsonNode;
import io.migscope.avro.AddressFact;
import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.EventIds;
import io.migscope.producers.parse.JsonBlocks;
import io.migscope.producers.parse.JsonLines;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.MigrationEvents;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import io.migscope.producers.parse.YamlDocuments;
import io.migscope.hosts.Addresses;
import io.migscope.producers.signals.CanonicalSignals;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * KubeVirt objects as kubectl prints them: JSON, one object per line ({@code kubectl get -w -o json | jq -c .}) or
 * indented over several lines ({@code kubectl get -o json}), or YAML documents ({@code kubectl get -o yaml}, a
 * {@code kind: List} of items, {@code ---} between the objects of {@code -w}; see {@link YamlDocuments}). A
 * {@code --output-watch-events} wrapper {@code {"type", "object"}} is unwrapped.
 * <ul>
 * <li>VirtualMachineInstanceMigration: one PHASE event per entry of status.phaseTransitionTimestamps, at that entry's
 * time; migration_id is metadata.uid (the VMI's migrationUid), vm is spec.vmiName. KubeVirt before kubevirt PR 7932
 * (mid 2022) writes no phaseTransitionTimestamps (samples/kubevirt/harvester-v121, KubeVirt 0.54): such an object
 * gives Pending at metadata.creationTimestamp, when the migration was requested, and its later phase, which carries
 * no time, is read from the VMI's migrationState. Since PR 7862 (merged January 2023) the object also keeps
 * status.migrationState, read as the VMI's;</li>
 * <li>VirtualMachineInstance with status.migrationState: one STATUS event with the whole state (mode, timestamps,
 * nodes, outcome), timed by its end, else its target-ready, else its start timestamp; without migrationState, or
 * with one that has no time yet (a pending migration's {@code sourcePod} only), it is ignored;</li>
 * <li>virt-launcher JSON log lines whose msg is {@code Migration info for UID: ...}: PROGRESS with stats. MiB are
 * 2^20 bytes; MemoryBandwidth and DirtyRate are printed in Mbps, read as 10^6 bits/s.</li>
 * </ul>
 * Event ids hash the migration, the kind and the content, and the parser drops ids it already emitted, so a re-sent
 * watch object yields no new record (and a restarted parser re-emits identical ones).
 */
public final class KubevirtParser implements LineParser {

    static final String FORMAT = "kubevirt";
    private static final Pattern INFO = Pattern.compile("^Migration info for (\\S+): (.*)$");
    private static final Pattern FIELD = Pattern.compile("(\\w+):(\\d{1,15})(ms|MiB|Mbps)?");
    private static final int SEEN_LIMIT = 100_000;
    private static final long MIB = 1L << 20;
    private static final String EXPECTED = "kubectl JSON (one object per line, or indented) or YAML: a"
            + " VirtualMachineInstanceMigration, a VirtualMachineInstance, a List of them, or a KubeVirt JSON log line";

    /** One object: a kubectl List of every VMI of a large cluster runs to tens of megabytes. */
    private static final int MAX_OBJECT_CHARS = 64 << 20;

    private final ParseContext ctx;
    private final JsonBlocks json = new JsonBlocks(MAX_OBJECT_CHARS);
    private final YamlDocuments yaml = new YamlDocuments(MAX_OBJECT_CHARS);
    /** Ids already emitted, oldest first, bounded so that a long watch does not grow without end. */
    private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_LIMIT;
        }
    };

    public KubevirtParser(ParseContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void accept(String line, long lineNo, ParseOutput out) {
        if (!json.open() && line.startsWith("{")) {
            yaml(yaml.flush(), out);
        }
        if (json.open() || line.startsWith("{")) {
            JsonBlocks.Block block = json.add(line, lineNo);
            if (block != null) {
                JsonNode object = JsonLines.object(block.text(), block.firstLine(), ctx, EXPECTED, out);
                if (object != null) {
                    dispatch(object, block.text(), block.firstLine(), out);
                }
            }
            return;
        }
        // a YAML line says nothing alone: its document is read whole, when the next one starts
        yaml(yaml.add(line, lineNo), out);
    }

    @Override
    public void finish(ParseOutput out) {
        JsonBlocks.Block open = json.flush();
        if (open != null) {
            out.reject(ctx.reject(open.firstLine(), "JSON object not closed at the end of input", EXPECTED,
                    open.text()));
        }
        yaml(yaml.flush(), out);
    }

    private void yaml(YamlDocuments.Document doc, ParseOutput out) {
        if (doc == null) {
            return;
        }
        if (doc.problem() != null) {
            out.reject(ctx.reject(doc.firstLine(), doc.problem(), EXPECTED, doc.text()));
        } else {
            dispatch(doc.tree(), doc.text(), doc.firstLine(), out);
        }
    }

    /** One object, or each item of a kubectl List ({@code kubectl get vmim,vmi -o json|yaml}). */
    private void dispatch(JsonNode object, String raw, long lineNo, ParseOutput out) {
        if (object.path("kind").asText("").equals("List") && object.path("items").isArray()) {
            for (JsonNode item : object.get("items")) {
                one(item, raw, lineNo, out);
            }
        } else {
            one(object, raw, lineNo, out);
        }
    }

    private void one(JsonNode object, String raw, long lineNo, ParseOutput out) {
        JsonNode json = object;
        if (json.path("object").isObject() && json.path("type").isTextual()) {
            json = json.get("object");
        }
        String kind = json.path("kind").asText("");
        try {
            if (kind.equals("VirtualMachineInstanceMigration")) {
                migration(json, raw, lineNo, out);
            } else if (kind.equals("VirtualMachineInstance")) {
                instance(json, raw, lineNo, out);
            } else if (json.path("msg").isTextual() && json.has("component")) {
                launcher(json, raw, lineNo, out);
            } else {
                out.reject(ctx.reject(lineNo, "object of unknown kind '" + kind + "'", EXPECTED, raw));
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            out.reject(ctx.reject(lineNo, e.getMessage(), EXPECTED, raw));
        }
    }

    private void migration(JsonNode json, String line, long lineNo, ParseOutput out) {
        String uid = required(json.path("metadata"), "metadata.uid", "uid");
        String vm = required(json.path("spec"), "spec.vmiName", "vmiName");
        JsonNode transitions = json.path("status").path("phaseTransitionTimestamps");
        if (transitions.isArray() && !transitions.isEmpty()) {
            for (JsonNode t : transitions) {
                String phase = required(t, "phaseTransitionTimestamps[].phase", "phase");
                long time = time(required(t, "phaseTransitionTimestamps[].phaseTransitionTimestamp",
                        "phaseTransitionTimestamp"));
                phase(uid, vm, phase, time, line, lineNo, out);
            }
        } else {
            // every migration object starts Pending when it is created; older KubeVirt says no more than that
            Long created = optionalTime(json.path("metadata"), "creationTimestamp");
            if (created != null) {
                phase(uid, vm, "Pending", created, line, lineNo, out);
            }
        }
        JsonNode state = json.path("status").path("migrationState");
        if (state.isObject()) {
            state(state, vm, uid, line, lineNo, out);
        }
    }

    private void phase(String uid, String vm, String phase, long time, String line, long lineNo, ParseOutput out) {
        String id = EventIds.of(FORMAT, uid, "phase", phase, String.valueOf(time));
        emit(base(id, EventKind.PHASE, time, vm).setMigrationId(uid).setStatus(phase).build(), line, lineNo, out);
    }

    private void instance(JsonNode json, String line, long lineNo, ParseOutput out) {
        JsonNode state = json.path("status").path("migrationState");
        if (!state.isObject()) {
            out.ignore(lineNo);
            return;
        }
        state(state, required(json.path("metadata"), "metadata.name", "name"), null, line, lineNo, out);
    }

    /** A migrationState, of the VMI or (KubeVirt 1.0 and later) kept in the migration object. */
    private void state(JsonNode state, String vm, String migrationUid, String line, long lineNo, ParseOutput out) {
        Long start = optionalTime(state, "startTimestamp");
        Long end = optionalTime(state, "endTimestamp");
        Long ready = optionalTime(state, "targetNodeDomainReadyTimestamp");
        Long time = end != null ? end : ready != null ? ready : start;
        if (time == null) {
            out.ignore(lineNo);
            return;
        }
        String uid = state.hasNonNull("migrationUid") ? text(state, "migrationUid") : migrationUid;
        Boolean completed = bool(state, "completed");
        Boolean failed = bool(state, "failed");
        String abortStatus = text(state, "abortStatus");
        String status = Boolean.TRUE.equals(failed) ? "Failed" : Boolean.TRUE.equals(completed) ? "Succeeded"
                : abortStatus != null ? abortStatus : "Running";
        MigrationEvent.Builder b = base("", EventKind.STATUS, time, vm)
                .setMigrationId(uid).setStatus(status).setMode(text(state, "mode"))
                .setSourceHost(text(state, "sourceNode")).setTargetHost(text(state, "targetNode"))
                .setTargetNodeAddress(text(state, "targetNodeAddress")).setTargetPod(text(state, "targetPod"))
                .setStartedAtUs(start).setEndedAtUs(end).setTargetReadyAtUs(ready)
                .setCompleted(completed).setFailed(failed).setAbortRequested(bool(state, "abortRequested"))
                .setAbortStatus(abortStatus).setFailureReason(text(state, "failureReason"))
                .setMigrationPolicy(text(state, "migrationPolicyName"))
                .setAddresses(addresses(state, time));
        // the id covers the normalised content, so the same state re-sent is recognised as the same event
        b.setEventId(EventIds.of(FORMAT, uid, vm, "state", b.build().toString()));
        emit(b.build(), line, lineNo, out);
    }

    /**
     * Where the target listens (types.go): {@code targetNodeAddress} is the target virt-handler's migration address,
     * and the keys of {@code targetDirectMigrationNodePorts} are the ports its migration proxy opened on that node
     * (the values say what each carries: 0 libvirt, 49152 QEMU's stream, 49153 block migration). All of them are the
     * migration's traffic, so every key is a port of the target.
     */
    private static List<AddressFact> addresses(JsonNode state, long time) {
        String node = text(state, "targetNode");
        String raw = text(state, "targetNodeAddress");
        String address = Addresses.canonical(raw);
        List<AddressFact> out = new ArrayList<>();
        if (address != null) {
            out.add(fact(node, address, null, "kubevirt targetNodeAddress", time));
        }
        JsonNode ports = state.path("targetDirectMigrationNodePorts");
        for (Iterator<String> it = ports.fieldNames(); it.hasNext(); ) {
            String port = it.next();
            if (port.matches("\\d{1,5}") && Integer.parseInt(port) > 0 && Integer.parseInt(port) <= 65_535) {
                out.add(fact(node, address, Integer.parseInt(port), "kubevirt targetDirectMigrationNodePorts", time));
            }
        }
        return out;
    }

    private static AddressFact fact(String node, String address, Integer port, String source, long time) {
        return AddressFact.newBuilder().setRole("target").setHost(node).setAddress(address).setPort(port)
                .setSource(source).setTimeUs(time).build();
    }

    private void launcher(JsonNode json, String line, long lineNo, ParseOutput out) {
        Matcher m = INFO.matcher(json.get("msg").asText());
        if (!m.matches()) {
            out.ignore(lineNo);
            return;
        }
        String vm = json.path("name").isTextual() ? json.get("name").asText() : ctx.vm();
        if (vm == null) {
            throw new IllegalArgumentException("launcher line names no VM (no 'name' field) and no --vm was given");
        }
        long time = time(required(json, "timestamp", "timestamp"));
        Map<String, Long> fields = new LinkedHashMap<>();
        Matcher f = FIELD.matcher(m.group(2));
        while (f.find()) {
            fields.put(f.group(1), Long.parseLong(f.group(2)));
        }
        if (!fields.containsKey("TimeElapsed")) {
            throw new IllegalArgumentException("Migration info without TimeElapsed:<n>ms");
        }
        MigrationStats stats = MigrationStats.newBuilder()
                .setTimeElapsedMs(fields.get("TimeElapsed"))
                .setDataProcessedBytes(mib(fields.get("DataProcessed")))
                .setDataRemainingBytes(mib(fields.get("DataRemaining")))
                .setDataTotalBytes(mib(fields.get("DataTotal")))
                .setRamTransferredBytes(mib(fields.get("MemoryProcessed")))
                .setRamRemainingBytes(mib(fields.get("MemoryRemaining")))
                .setRamTotalBytes(mib(fields.get("MemoryTotal")))
                .setBandwidthBytesPerSec(mbps(fields.get("MemoryBandwidth")))
                .setDirtyRateBytesPerSec(mbps(fields.get("DirtyRate")))
                .setMemoryIteration(fields.get("Iteration"))
                .setPostcopyRequests(fields.get("PostcopyRequests"))
                .setRamDuplicatePages(fields.get("ConstantPages"))
                .setRamNormalPages(fields.get("NormalPages"))
                .setRamNormalBytes(mib(fields.get("NormalData")))
                .setExpectedDowntimeMs(fields.get("ExpectedDowntime"))
                .build();
        String uid = m.group(1);
        String id = EventIds.of(FORMAT, uid, "info", String.valueOf(time), m.group(2));
        emit(base(id, EventKind.PROGRESS, time, vm).setMigrationId(uid).setStats(stats).build(), line, lineNo, out);
    }

    private MigrationEvent.Builder base(String id, EventKind kind, long time, String vm) {
        return MigrationEvents.base(ctx, id, FORMAT, Platform.KUBEVIRT, kind, time, vm);
    }

    private void emit(MigrationEvent event, String line, long lineNo, ParseOutput out) {
        String reason = MigrationEvents.check(event, ctx);
        if (reason != null) {
            out.reject(ctx.reject(lineNo, reason, "plausible values", line));
        } else if (seen.put(event.getEventId(), Boolean.TRUE) == null) {
            out.record(CanonicalSignals.apply(event));
        } else {
            out.ignore(lineNo);
        }
    }

    private static Long mib(Long value) {
        return value == null ? null : Math.multiplyExact(value, MIB);
    }

    /** Mbps as KubeVirt prints it: megabits per second, 10^6 bits, 8 bits a byte. */
    private static Long mbps(Long value) {
        return value == null ? null : Math.multiplyExact(value, 1_000_000L) / 8L;
    }

    private static String required(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("missing " + path);
        }
        return value.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isBoolean() ? null : value.booleanValue();
    }

    private static Long optionalTime(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : time(value.asText());
    }

    /** Kubernetes metav1.Time: RFC 3339 in UTC, e.g. 2024-05-02T10:15:30Z, fractions allowed. */
    private static long time(String text) {
        try {
            Instant instant = Instant.parse(text);
            return Math.multiplyExact(instant.getEpochSecond(), 1_000_000L) + instant.getNano() / 1000L;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not an RFC 3339 timestamp: '" + text + "'");
        }
    }
}
