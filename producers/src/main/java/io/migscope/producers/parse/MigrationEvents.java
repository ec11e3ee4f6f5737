package io.migscope.producers.parse;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.Platform;
import org.apache.avro.Schema;

/** Shared construction and plausibility checks for the MigrationEvents of all hypervisor parsers. */
public final class MigrationEvents {

    private MigrationEvents() {
    }

    /** A builder with the identity the flags gave (cluster, host, role) already set. */
    public static MigrationEvent.Builder base(ParseContext ctx, String eventId, String format, Platform platform,
                                              EventKind kind, long timeUs, String vm) {
        return MigrationEvent.newBuilder()
                .setEventId(eventId)
                .setEventTimeUs(timeUs)
                .setPlatform(platform)
                .setSourceFormat(format)
                .setKind(kind)
                .setVm(vm)
                .setCluster(ctx.cluster())
                .setHost(ctx.host())
                .setRole(ctx.role());
    }

    /** Why an event is absurd, or null: event time out of range, negative sizes or rates, remaining above total. */
    public static String check(MigrationEvent event, ParseContext ctx) {
        String reason = Checks.first(
                Checks.time("event time", event.getEventTimeUs(), ctx.clock()),
                optionalTime("start timestamp", event.getStartedAtUs(), ctx),
                optionalTime("end timestamp", event.getEndedAtUs(), ctx),
                optionalTime("target ready timestamp", event.getTargetReadyAtUs(), ctx),
                event.getPass() != null && event.getPass() < 0 ? "pass is negative (" + event.getPass() + ")" : null);
        return reason != null ? reason : stats(event.getStats());
    }

    private static String optionalTime(String name, Long value, ParseContext ctx) {
        return value == null ? null : Checks.time(name, value, ctx.clock());
    }

    static String stats(MigrationStats stats) {
        if (stats == null) {
            return null;
        }
        for (Schema.Field field : stats.getSchema().getFields()) {
            Object value = stats.get(field.pos());
            if (value instanceof Number number && number.doubleValue() < 0) {
                return field.name() + " is negative (" + value + ")";
            }
        }
        return Checks.first(
                Checks.notAbove("ram remaining", stats.getRamRemainingBytes(), "ram total", stats.getRamTotalBytes()),
                Checks.notAbove("data remaining", stats.getDataRemainingBytes(), "data total",
                        stats.getDataTotalBytes()),
                Checks.notAbove("disk remaining", stats.getDiskRemainingBytes(), "disk total",
                        stats.getDiskTotalBytes()),
                percent("memory_remaining_percent", stats.getMemoryRemainingPercent()),
                percent("disk_remaining_percent", stats.getDiskRemainingPercent()),
                stats.getCpuThrottlePercent() != null && stats.getCpuThrottlePercent() > 100
                        ? "cpu throttle above 100% (" + stats.getCpuThrottlePercent() + ")" : null);
    }

    private static String percent(String name, Double value) {
        return value != null && value > 100.0 ? name + " above 100 (" + value + ")" : null;
    }
}
