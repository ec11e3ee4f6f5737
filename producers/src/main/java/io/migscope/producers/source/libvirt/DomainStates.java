package io.migscope.producers.source.libvirt;

import io.migscope.avro.JobOperation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one host's lifecycle events have said so far about each domain, for the events whose own words name no job:
 * a migration-iteration, and the stop of a destination whose incoming migration died.
 *
 * <p>The rules come from the real captures in samples/libvirt-lab (see its README) and libvirt's qemu driver:
 * <ul>
 *   <li>A destination is started with the Migrated detail before any memory moves; until it resumes, its domain
 *       exists only for the incoming migration. When that migration dies, libvirt's qemuMigrationDstFinish stops it
 *       with {@code Stopped Failed} (lab: an abort, a cancelled non-converging migration, a killed destination
 *       QEMU), or with {@code Shutdown Finished after host request} then {@code Stopped Destroyed} when the
 *       connection between the two libvirtds died (lab: the network cut). Any stop but Migrated of such a domain
 *       is the end of that incoming migration.</li>
 *   <li>A source is suspended with the Migrated or Post-copy detail for the switchover (a suspend during a
 *       migration job says Migrated too: lab aborted-after-suspend); its passes after that belong to the outgoing
 *       migration, and a stop other than Migrated ends that migration unsuccessfully. If the migration is aborted
 *       or fails before post-copy, libvirt resumes the source's guest and virsh prints {@code Resumed Migrated}
 *       there (lab aborted-after-suspend): the source took its guest back, the migration is over.</li>
 *   <li>Saves, dumps and snapshots drive QEMU's migration machinery into a file: the domain is first suspended with
 *       the Paused detail, then reports migration-iteration events like a migration (lab: save-restore, dump, both
 *       snapshot cases). Passes of a domain paused that way are no live migration's.</li>
 *   <li>A {@code Stopped Failed} while this host saw no migration of the domain is libvirt or QEMU failing for
 *       another reason (a start that failed, the emulator dying), never guessed to be a migration.</li>
 *   <li>The Snapshot detail belongs to a snapshot revert, or to the restore just before it.</li>
 * </ul>
 * The state is per host stream: one virsh event capture sees one host, so the destination's state is its own. A
 * guest migrated while paused is never resumed on its destination, so a much later stop of it would be read as its
 * migration failing; the lab has no such case.
 */
final class DomainStates {
    /** Where a domain stands in a migration, as this host sees it. */
    private enum Migration {
        /** Started for an incoming migration, not yet resumed. */
        INCOMING,
        /** Suspended for its outgoing migration's switchover (Migrated detail): it may still be taken back. */
        SWITCHING_OVER,
        /** Suspended into post-copy: the destination runs it now; libvirt never resumes it here. */
        POSTCOPY
    }

    private final Map<String, Migration> migrating = new HashMap<>();
    private final Set<String> paused = new HashSet<>();
    private final Set<String> restored = new HashSet<>();

    /**
     * Takes a lifecycle event into the domain's state and returns the job the event belongs to: the one its words
     * name ({@link LifecycleWords#job}), unless the state says better; null when nothing names one.
     */
    JobOperation lifecycle(String domain, String event, String detail) {
        JobOperation named = snapshot(domain, detail, LifecycleWords.job(event, detail));
        Migration current = migrating.get(domain);
        if (!event.equals("Started")) {
            restored.remove(domain);
        }
        return switch (event) {
            case "Started" -> {
                paused.remove(domain);
                migrating.remove(domain);
                restored.remove(domain);
                if (named == JobOperation.MIGRATION_IN) {
                    migrating.put(domain, Migration.INCOMING);
                } else if (named == JobOperation.RESTORE) {
                    restored.add(domain);
                }
                yield named;
            }
            case "Suspended" -> suspended(domain, detail, named, current);
            case "Resumed" -> {
                paused.remove(domain);
                yield resumed(domain, detail, named, current);
            }
            case "Stopped" -> {
                paused.remove(domain);
                migrating.remove(domain);
                yield stopped(detail, named, current);
            }
            default -> named;
        };
    }

    /**
     * The Snapshot detail is libvirt's "from snapshot" (virDomainEvent*DetailType): a snapshot revert, never a
     * migration. libvirt 9.0 also resumes a domain restored from a save file with it (lab save-restore: Started
     * Restored, then Resumed Snapshot), so right after a restore it is the restore's.
     */
    private JobOperation snapshot(String domain, String detail, JobOperation named) {
        if (!detail.equals("Snapshot")) {
            return named;
        }
        return restored.contains(domain) ? JobOperation.RESTORE : JobOperation.SNAPSHOT_REVERT;
    }

    /** The job a migration-iteration of the domain belongs to, or null when this host's events do not say. */
    JobOperation iteration(String domain) {
        Migration current = migrating.get(domain);
        if (current == Migration.SWITCHING_OVER || current == Migration.POSTCOPY) {
            return JobOperation.MIGRATION_OUT;
        }
        return paused.contains(domain) ? JobOperation.UNKNOWN : null;
    }

    private JobOperation suspended(String domain, String detail, JobOperation named, Migration current) {
        if (current != Migration.INCOMING && (detail.equals("Migrated") || detail.equals("Post-copy"))) {
            migrating.put(domain, detail.equals("Migrated") ? Migration.SWITCHING_OVER : Migration.POSTCOPY);
            return JobOperation.MIGRATION_OUT;
        }
        if (detail.equals("Paused")) {
            paused.add(domain);
        }
        return named;
    }

    /**
     * Resumed Migrated names the destination taking over, unless this host suspended the domain for its own
     * switchover: then the source took its guest back (qemuMigrationSrcRestoreDomainState resumes it with the
     * running reason "migration canceled", which virsh prints as Resumed Migrated) and the migration is over.
     */
    private JobOperation resumed(String domain, String detail, JobOperation named, Migration current) {
        if (current == Migration.INCOMING) {
            // the destination runs the guest (Migrated, or Post-copy): a later stop is no longer the migration's
            migrating.remove(domain);
            return named;
        }
        if (!detail.equals("Migrated")) {
            return named;
        }
        migrating.remove(domain);
        return current == Migration.SWITCHING_OVER ? JobOperation.MIGRATION_OUT : named;
    }

    private static JobOperation stopped(String detail, JobOperation named, Migration current) {
        if (named != null) {
            return named;
        }
        if (current != null) {
            return job(current);
        }
        return detail.equals("Failed") ? JobOperation.UNKNOWN : null;
    }

    private static JobOperation job(Migration m) {
        if (m == null) {
            return null;
        }
        return m == Migration.INCOMING ? JobOperation.MIGRATION_IN : JobOperation.MIGRATION_OUT;
    }
}
