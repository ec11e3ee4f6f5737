package io.migscope.streams.convergence;

import io.migscope.avro.DowntimeReport;

/**
 * What the raise-alerts step evaluates, from the steps before it. Never leaves the task: plain Java records.
 * Keyed by migration id, except {@link Tick} (keyed by "": it is about every migration of the task).
 */
public sealed interface AlertInput {

    /** Any event of the migration: STUCK counts quiet time from the latest. */
    record Activity(String vm, String cluster, long timeUs) implements AlertInput {
    }

    /** A convergence model evaluation after a progress sample. */
    record Convergence(String vm, String cluster, Assessment assessment) implements AlertInput {
    }

    /** A new downtime report: the SLO on the longest observed blackout, judged at the report's record time. */
    record Downtime(DowntimeReport report) implements AlertInput {
    }

    /** The migration's outcome is known: every firing alert resolves. */
    record Finished(String vm, String cluster, long timeUs, String outcome) implements AlertInput {
    }

    /** The task's event time reached a new second: STUCK and DEADLINE_PASSED for every migration. */
    record Tick(long timeUs) implements AlertInput {
    }
}
