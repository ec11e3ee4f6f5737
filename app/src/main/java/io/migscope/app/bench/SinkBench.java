package io.migscope.app.bench;

import io.migscope.avro.MigrationSummary;
import io.migscope.avro.Platform;
import io.migscope.embedded.EmbeddedDatabase;
import io.migscope.sink.RowWriter;
import io.migscope.sink.SchemaMigrator;
import io.migscope.sink.SinkRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Rows per second the sink upserts into a real (embedded) PostgreSQL, in batches of one poll each. */
final class SinkBench {
    private static final int BATCH = Integer.parseInt(io.migscope.config.Keys.SINK_BATCH.defaultValue());

    private SinkBench() {
    }

    static BenchResult run(boolean quick) throws Exception {
        int rows = quick ? 20_000 : 200_000;
        Path dir = Files.createTempDirectory("migscope-bench-pg");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("data"), 0)) {
            new SchemaMigrator(db.dataSource()).migrate();
            RowWriter writer = new RowWriter(db.dataSource(), "bench");
            write(writer, 0, 2_000);
            long t0 = System.nanoTime();
            write(writer, 2_000, rows);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return BenchResult.of("sink/postgres-upserts", rows, null, seconds).note("MigrationSummary rows, " + BATCH + " per transaction");
        } finally {
            org.apache.kafka.common.utils.Utils.delete(dir.toFile());
        }
    }

    private static void write(RowWriter writer, int from, int count) throws Exception {
        for (int start = from; start < from + count; start += BATCH) {
            List<SinkRecord> batch = new ArrayList<>(BATCH);
            for (int i = start; i < Math.min(start + BATCH, from + count); i++) {
                batch.add(new SinkRecord("bench.summaries", 0, i, null, new byte[0], summary(i)));
            }
            writer.write(batch);
        }
    }

    private static MigrationSummary summary(int i) {
        long t = 1_790_000_000_000_000L + i * 1_000_000L;
        return MigrationSummary.newBuilder().setMigrationId("bench-" + i).setVm("vm-" + i % 6000)
                .setCluster("cluster-" + i % 3).setPlatform(Platform.SIMULATOR).setSourceHost("node-" + i % 129)
                .setTargetHost("node-" + (i + 1) % 129).setOutcome(i % 50 == 0 ? "aborted" : "completed")
                .setMode("PreCopy").setRequestedAtUs(t).setStartedAtUs(t + 100_000).setCompletedAtUs(t + 33_000_000)
                .setMigrationTimeMs(33_000L).setQueueWaitMs(100L).setTransferTimeMs(32_900L)
                .setObservedBlackoutMs(200.0 + i % 100).setObservedBlackoutTotalMs(200.0 + i % 100).setBlackoutCount(1)
                .setReportedDowntimeMs(190L).setPasses(2).setHypervisorBytes(400_000_000L).setWave("bench").build();
    }
}
