package io.migscope.producers.source.guest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migscope.avro.GuestSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.producers.parse.JsonBlocks;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.MigrationEvents;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON report of QEMU's tests/migration/guestperf ({@code Report.to_json()}: one object, indented by 4):
 * <ul>
 * <li>each {@code guest_timings} record ({@code tid}, {@code timestamp} in epoch seconds on the guest's clock,
 * {@code value} in ms for one GiB) becomes a {@link GuestSample}: the guest's own slowdown;</li>
 * <li>each {@code progress_history} entry (one per RAM iteration, from {@code query-migrate}) becomes a
 * MigrationEvent of platform QEMU ({@link GuestperfProgress});</li>
 * <li>hardware, scenario, qemu_timings and vcpu_timings are read but carry nothing migscope records.</li>
 * </ul>
 * The report names no VM: {@code --vm}, else {@code guestperf/SCENARIO}. A bad entry is rejected at its own line;
 * the rest of the report is still read.
 */
public final class GuestperfParser implements LineParser {

    static final String FORMAT = "guestperf";
    private static final int MAX_CHARS = 64 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String EXPECTED = "a guestperf report: {hardware, scenario, progress_history: [...],"
            + " guest_timings: [{tid, timestamp, value}], ...}";

    private final ParseContext ctx;
    private final JsonBlocks blocks = new JsonBlocks(MAX_CHARS);

    /** An array element and the file line it starts on. */
    private record Entry(long line, JsonNode node) {
    }

    public GuestperfParser(ParseContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void accept(String line, long lineNo, ParseOutput out) {
        JsonBlocks.Block block = blocks.add(line, lineNo);
        if (block == null) {
            out.ignore(lineNo);
        } else {
            report(block, out);
        }
    }

    @Override
    public void finish(ParseOutput out) {
        JsonBlocks.Block block = blocks.flush();
        if (block != null) {
            out.reject(ctx.reject(block.firstLine(), "report not closed at the end of the input", EXPECTED,
                    firstLine(block.text())));
        }
    }

    private void report(JsonBlocks.Block block, ParseOutput out) {
        List<Entry> progress = new ArrayList<>();
        List<Entry> timings = new ArrayList<>();
        String scenario;
        try (JsonParser p = MAPPER.createParser(block.text())) {
            scenario = walk(p, block.firstLine(), progress, timings);
        } catch (IOException | IllegalArgumentException e) {
            String reason = e instanceof IllegalArgumentException ? e.getMessage() : "not JSON";
            out.reject(ctx.reject(block.firstLine(), reason, EXPECTED, firstLine(block.text())));
            return;
        }
        String vm = ctx.vm() != null ? ctx.vm() : "guestperf/" + scenario;
        GuestperfProgress history = new GuestperfProgress(ctx, vm);
        for (Entry entry : progress) {
            progressEntry(history, entry, out);
        }
        for (Entry entry : timings) {
            timing(vm, entry, out);
        }
    }

    /** Reads the top-level fields, keeping each progress and timing element with its line. Returns the scenario name. */
    private static String walk(JsonParser p, long firstLine, List<Entry> progress, List<Entry> timings)
            throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String scenario = null;
        boolean sawHistory = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "progress_history" -> {
                    elements(p, firstLine, progress, name);
                    sawHistory = true;
                }
                case "guest_timings" -> elements(p, firstLine, timings, name);
                case "scenario" -> {
                    JsonNode node = p.readValueAsTree();
                    scenario = node == null ? null : node.path("name").asText(null);
                }
                default -> p.skipChildren();
            }
        }
        if (!sawHistory || scenario == null) {
            throw new IllegalArgumentException("not a guestperf report: no progress_history or no scenario.name");
        }
        return scenario;
    }

    private static void elements(JsonParser p, long firstLine, List<Entry> into, String name) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException(name + " is not an array");
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            long line = firstLine + p.currentTokenLocation().getLineNr() - 1;
            into.add(new Entry(line, p.readValueAsTree()));
        }
    }

    private void progressEntry(GuestperfProgress history, Entry entry, ParseOutput out) {
        try {
            MigrationEvent event = history.event(entry.node());
            String reason = MigrationEvents.check(event, ctx);
            if (reason != null) {
                out.reject(ctx.reject(entry.line(), reason, "plausible values", entry.node().toString()));
            } else {
                out.record(event);
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            out.reject(ctx.reject(entry.line(), "progress_history: " + e.getMessage(), GuestperfProgress.EXPECTED,
                    entry.node().toString()));
        }
    }

    private void timing(String vm, Entry entry, ParseOutput out) {
        JsonNode t = entry.node();
        JsonNode stamp = t.get("timestamp");
        JsonNode value = t.get("value");
        JsonNode tid = t.get("tid");
        if (stamp == null || !stamp.isNumber() || value == null || !value.isNumber()) {
            out.reject(ctx.reject(entry.line(), "guest_timings entry without a numeric timestamp and value",
                    "{tid, timestamp (epoch s), value (ms per GiB)}", t.toString()));
            return;
        }
        // guestperf divides the guest's epoch milliseconds by 1000: seconds with a fraction
        long timeUs = Math.round(stamp.asDouble() * 1_000_000.0);
        GuestSample sample = GuestSamples.of(ctx, vm, timeUs, value.asDouble(), FORMAT,
                tid != null && tid.canConvertToLong() ? tid.asLong() : null);
        String reason = GuestSamples.check(sample, ctx);
        if (reason != null) {
            out.reject(ctx.reject(entry.line(), reason, "plausible values", t.toString()));
        } else {
            out.record(sample);
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
