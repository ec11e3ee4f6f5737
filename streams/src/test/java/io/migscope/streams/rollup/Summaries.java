package io.migscope.streams.rollup;

import io.migscope.avro.MigrationSummary;
import io.migscope.avro.Platform;

/** Small summaries for rollup tests. */
final class Summaries {
    private Summaries() {
    }

    static MigrationSummary.Builder summary(String id, String cluster, String outcome, long completedAtMs) {
        return MigrationSummary.newBuilder().setMigrationId(id).setVm("vm-" + id).setCluster(cluster)
                .setPlatform(Platform.KUBEVIRT).setSourceHost("node-01").setTargetHost("node-02").setOutcome(outcome)
                .setMode("PreCopy").setRequestedAtUs(completedAtMs * 1000 - 5_000_000L).setCompletedAtUs(completedAtMs * 1000);
    }
}
