package io.migscope.streams.assign;

import io.migscope.avro.DeadLetter;
import io.migscope.avro.GuestSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.ProbeBatch;

/**
 * What the assign-migrations step sends on: each kind goes to its own branch, and from there to the step that
 * handles it. These never leave the task, so they are plain Java records, never serialized.
 */
public sealed interface Assigned {

    /** An event and the migration it belongs to (keyed by migration id). */
    record Event(String migrationId, MigrationEvent event) implements Assigned {
    }

    /** A VM's probes (keyed by VM); the downtime step knows the VM's migration windows. */
    record Probes(ProbeBatch batch) implements Assigned {
    }

    /** What the VM's guest felt (keyed by VM); the downtime step knows the VM's migration windows. */
    record Guest(GuestSample sample) implements Assigned {
    }

    /**
     * A migration's input is complete (keyed by migration id): its recovery window has passed in the VM's input or
     * in the task's, or its capture ended. {@code ended} is false when no source said it ended (capture ended first).
     */
    record Due(String migrationId, String vm, long atUs, boolean ended) implements Assigned {
    }

    /** The task's event time reached a new second (keyed by ""): time-driven checks run at {@code atUs}. */
    record Tick(long atUs) implements Assigned {
    }

    /** A record that cannot be used, e.g. later than the grace period, with why. */
    record Rejected(DeadLetter letter) implements Assigned {
    }
}
