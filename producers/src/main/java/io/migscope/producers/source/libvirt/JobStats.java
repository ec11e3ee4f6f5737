package io.migscope.producers.source.libvirt;

import io.migscope.avro.MigrationStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * libvirt job statistics by their typed-parameter names (virDomainGetJobStats, the {@code job-completed} event),
 * already in bytes, bytes/s, ms or counts, except {@code memory_dirty_rate}, which is pages/s and is multiplied by
 * {@code memory_page_size} (4096 when absent, the x86 page) when the record is built.
 */
final class JobStats {

    /** x86 page size; libvirt only reports memory_page_size when QEMU does. */
    private static final long DEFAULT_PAGE_SIZE = 4096L;

    private final Map<String, Long> values = new LinkedHashMap<>();
    private String error;

    /** Known statistic names; others are well-formed but carry nothing migscope keeps. */
    static boolean known(String name) {
        return switch (name) {
            case "time_elapsed", "time_remaining", "setup_time", "downtime", "downtime_net", "data_total",
                 "data_processed", "data_remaining", "memory_total", "memory_processed", "memory_remaining",
                 "memory_constant", "memory_normal", "memory_normal_bytes", "memory_bps", "memory_dirty_rate",
                 "memory_page_size", "memory_iteration", "memory_postcopy_requests", "disk_total", "disk_processed",
                 "disk_remaining", "auto_converge_throttle" -> true;
            default -> false;
        };
    }

    void put(String name, long value) {
        values.put(name, value);
    }

    void error(String message) {
        error = message;
    }

    String error() {
        return error;
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    MigrationStats build() {
        Long pageSize = values.get("memory_page_size");
        Long dirtyPages = values.get("memory_dirty_rate");
        Long throttle = values.get("auto_converge_throttle");
        return MigrationStats.newBuilder()
                .setTimeElapsedMs(values.get("time_elapsed"))
                .setTimeRemainingMs(values.get("time_remaining"))
                .setSetupTimeMs(values.get("setup_time"))
                .setDowntimeMs(values.get("downtime"))
                .setExpectedDowntimeMs(values.get("expected_downtime"))
                .setDowntimeNetMs(values.get("downtime_net"))
                .setDataTotalBytes(values.get("data_total"))
                .setDataProcessedBytes(values.get("data_processed"))
                .setDataRemainingBytes(values.get("data_remaining"))
                .setRamTotalBytes(values.get("memory_total"))
                .setRamTransferredBytes(values.get("memory_processed"))
                .setRamRemainingBytes(values.get("memory_remaining"))
                .setRamDuplicatePages(values.get("memory_constant"))
                .setRamNormalPages(values.get("memory_normal"))
                .setRamNormalBytes(values.get("memory_normal_bytes"))
                .setBandwidthBytesPerSec(values.get("memory_bps"))
                .setDirtyRateBytesPerSec(dirtyPages == null ? null
                        : Math.multiplyExact(dirtyPages, pageSize != null && pageSize > 0 ? pageSize
                        : DEFAULT_PAGE_SIZE))
                .setPageSizeBytes(pageSize)
                .setMemoryIteration(values.get("memory_iteration"))
                .setPostcopyRequests(values.get("memory_postcopy_requests"))
                .setDiskTotalBytes(values.get("disk_total"))
                .setDiskProcessedBytes(values.get("disk_processed"))
                .setDiskRemainingBytes(values.get("disk_remaining"))
                .setCpuThrottlePercent(throttle == null ? null : (int) Math.min(throttle, Integer.MAX_VALUE))
                .build();
    }
}
