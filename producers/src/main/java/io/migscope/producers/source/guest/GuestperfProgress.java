package io.migscope.producers.source.guest;

import com.fasterxml.jackson.databind.JsonNode;
import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.EventIds;
import io.migscope.producers.parse.MigrationEvents;
import io.migscope.producers.parse.ParseContext;
import java.util.List;

/**
 * One guestperf progress entry ({@code Progress.serialize()}, taken from {@code query-migrate} on the source) to a
 * MigrationEvent: STATUS with a phase when QEMU's status changed since the previous entry, PROGRESS otherwise.
 * Units are normalised here: {@code dirty_rate_pps} is pages/s (times the page size, from normal_bytes /
 * normal_pages, else x86's 4 KiB), {@code transfer_rate_mbs} is QEMU's {@code mbps} (megabits/s, 10^6 bits),
 * {@code duration}, {@code downtime} and {@code setup_time} are ms. guestperf writes 0 for figures QEMU did not
 * report; downtime is kept only once completed, expected downtime and throttle only when above 0.
 */
final class GuestperfProgress {

    static final String EXPECTED = "{status, ram: {transferred_bytes, remaining_bytes, total_bytes, ...}, now,"
            + " duration, downtime, downtime_expected, setup_time, throttle_pcent}";
    private static final long DEFAULT_PAGE = 4096L;

    private final ParseContext ctx;
    private final String vm;
    private String lastStatus;

    GuestperfProgress(ParseContext ctx, String vm) {
        this.ctx = ctx;
        this.vm = vm;
    }

    MigrationEvent event(JsonNode p) {
        String status = text(p, "status");
        JsonNode ram = p.get("ram");
        if (ram == null || !ram.isObject()) {
            throw new IllegalArgumentException("no ram object");
        }
        long time = Math.round(number(p, "now") * 1_000_000.0);
        boolean changed = !status.equals(lastStatus);
        lastStatus = status;
        MigrationPhase phase = changed ? QemuStatusPhases.of(status) : null;
        long iterations = whole(ram, "iterations");
        MigrationEvent.Builder b = MigrationEvents.base(ctx, EventIds.of(GuestperfParser.FORMAT, vm, p.toString()),
                        GuestperfParser.FORMAT, Platform.QEMU, changed ? EventKind.STATUS : EventKind.PROGRESS, time, vm)
                .setRole("source")
                .setStatus(status)
                .setJob(JobOperation.MIGRATION_OUT)
                .setPass(iterations > 0 ? Math.toIntExact(iterations) : null)
                .setStats(stats(p, ram, status));
        if (phase != null) {
            b.setPhases(List.of(new PhaseMark(phase, time, true)));
        }
        if ("completed".equals(status)) {
            b.setCompleted(true);
        } else if ("failed".equals(status)) {
            b.setFailed(true);
        }
        return b.build();
    }

    private static MigrationStats stats(JsonNode p, JsonNode ram, String status) {
        long normalPages = whole(ram, "normal_pages");
        long normalBytes = whole(ram, "normal_bytes");
        long page = normalPages > 0 && normalBytes % normalPages == 0 ? normalBytes / normalPages : DEFAULT_PAGE;
        long expected = whole(p, "downtime_expected");
        long throttle = whole(p, "throttle_pcent");
        return MigrationStats.newBuilder()
                .setTimeElapsedMs(whole(p, "duration"))
                .setSetupTimeMs(whole(p, "setup_time"))
                .setDowntimeMs("completed".equals(status) ? whole(p, "downtime") : null)
                .setExpectedDowntimeMs(expected > 0 ? expected : null)
                .setCpuThrottlePercent(throttle > 0 ? Math.toIntExact(throttle) : null)
                .setRamTransferredBytes(whole(ram, "transferred_bytes"))
                .setRamRemainingBytes(whole(ram, "remaining_bytes"))
                .setRamTotalBytes(whole(ram, "total_bytes"))
                .setRamDuplicatePages(whole(ram, "duplicate_pages"))
                .setRamNormalPages(normalPages)
                .setRamNormalBytes(normalBytes)
                .setPageSizeBytes(page)
                .setDirtyRateBytesPerSec(Math.multiplyExact(whole(ram, "dirty_rate_pps"), page))
                // megabits per second: 10^6 bits, 8 bits a byte
                .setBandwidthBytesPerSec(Math.round(number(ram, "transfer_rate_mbs") * 1_000_000.0 / 8.0))
                .setDirtySyncCount(whole(ram, "iterations"))
                .build();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.asText();
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new IllegalArgumentException(field + " is not a number");
        }
        return value.asDouble();
    }

    /** A count or size; guestperf may write it as a float (Python's arithmetic), so a fraction is dropped. */
    private static long whole(JsonNode node, String field) {
        double value = number(node, field);
        if (value < 0 || value > 9.0e15) {
            throw new IllegalArgumentException(field + " outside 0..9e15 (" + value + ")");
        }
        return (long) value;
    }
}
