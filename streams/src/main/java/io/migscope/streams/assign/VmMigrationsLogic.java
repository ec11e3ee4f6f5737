package io.migscope.streams.assign;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.state.ClosedMigration;
import io.migscope.avro.state.OpenMigration;
import io.migscope.avro.state.VmMigrations;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rules behind assign-migrations, on one VM's {@link VmMigrations}: which migration an event belongs to, when
 * a migration's input is complete (its recovery window has passed), and what is forgotten. Pure: no Kafka types.
 */
public final class VmMigrationsLogic {
    private static final Set<MigrationPhase> OUTCOMES = Set.of(MigrationPhase.COMPLETED, MigrationPhase.FAILED,
            MigrationPhase.ABORTED, MigrationPhase.CANCELLED);
    /** Phases a migration passes before it can end: one of these after an end is the VM's next migration. */
    private static final Set<MigrationPhase> BEFORE_END = Set.of(MigrationPhase.REQUESTED, MigrationPhase.QUEUED,
            MigrationPhase.SCHEDULING, MigrationPhase.PRECOPY, MigrationPhase.POSTCOPY);
    /** Closed migrations remembered per VM, so an event for one of them is recognised as late. */
    static final int KEEP_CLOSED = 16;

    private final long recoveryUs;
    private final long graceUs;

    VmMigrationsLogic(long recoveryUs, long graceUs) {
        this.recoveryUs = recoveryUs;
        this.graceUs = graceUs;
    }

    static VmMigrations empty() {
        return VmMigrations.newBuilder().setOpen(new ArrayList<>()).setClosed(new ArrayList<>()).build();
    }

    /** Which migration {@code e} belongs to: the platform's id, else the open one at its time, else a new one. */
    String resolve(VmMigrations s, MigrationEvent e) {
        String platformId = MigrationIds.platformId(e);
        if (platformId != null) {
            return platformId;
        }
        long t = e.getEventTimeUs();
        OpenMigration best = null;
        for (OpenMigration m : s.getOpen()) {
            // An event a little older than the migration's first one (another source, batched) still belongs to it.
            boolean covers = t >= m.getFirstUs() - graceUs && (m.getDueUs() == null || t < m.getDueUs())
                    && !startsAfter(e, m.getEndUs());
            if (covers && (best == null || m.getFirstUs() <= t && m.getFirstUs() > best.getFirstUs())) {
                best = m;
            }
        }
        if (best != null) {
            return best.getId();
        }
        for (ClosedMigration c : s.getClosed()) {
            if (t >= c.getFirstUs() && t < c.getUntilUs()) {
                return c.getId();
            }
        }
        return MigrationIds.derived(e);
    }

    /**
     * Whether {@code e} starts a migration after {@code endUs}: every phase it marks comes before an end, and
     * after this one's end. Without a platform id (QMP, libvirt) this is how a VM migrated straight back, inside
     * the first migration's recovery window, gets a migration of its own; the destination's resume or another
     * source's outcome after the end still belong to the ended one.
     */
    private static boolean startsAfter(MigrationEvent e, Long endUs) {
        if (endUs == null || e.getPhases().isEmpty()) {
            return false;
        }
        for (PhaseMark p : e.getPhases()) {
            if (!BEFORE_END.contains(p.getPhase()) || p.getAtUs() <= endUs) {
                return false;
            }
        }
        return true;
    }

    /** The closed migration with this id, or null: an event for it comes after its summary. */
    static ClosedMigration closed(VmMigrations s, String id) {
        for (ClosedMigration c : s.getClosed()) {
            if (c.getId().equals(id)) {
                return c;
            }
        }
        return null;
    }

    static OpenMigration open(VmMigrations s, String id) {
        for (OpenMigration m : s.getOpen()) {
            if (m.getId().equals(id)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Adds {@code e} to migration {@code id}: its first time, and its end once a source says it ended. A new
     * migration of the VM ends the recovery window of the VM's earlier ended ones. Returns true for a new one.
     */
    boolean add(VmMigrations s, String id, MigrationEvent e) {
        OpenMigration m = open(s, id);
        boolean created = m == null;
        if (created) {
            m = OpenMigration.newBuilder().setId(id).setFirstUs(firstUs(e)).build();
            s.getOpen().add(m);
        } else {
            m.setFirstUs(Math.min(m.getFirstUs(), firstUs(e)));
        }
        Long end = endUs(e);
        if (end != null) {
            m.setEndUs(m.getEndUs() == null ? end : Math.max(m.getEndUs(), end));
        }
        m.setDueUs(m.getEndUs() == null ? null : m.getEndUs() + recoveryUs);
        capEarlier(s);
        return created;
    }

    /** Each ended migration's window closes at the first time of the VM's next migration, if that is sooner. */
    private static void capEarlier(VmMigrations s) {
        for (OpenMigration m : s.getOpen()) {
            if (m.getDueUs() == null) {
                continue;
            }
            for (OpenMigration next : s.getOpen()) {
                if (next != m && next.getFirstUs() > m.getFirstUs() && next.getFirstUs() < m.getDueUs()) {
                    m.setDueUs(Math.max(next.getFirstUs(), m.getEndUs()));
                }
            }
        }
    }

    /** The open migrations whose input is complete at {@code t} ({@code all}: every one, the capture ended). */
    static List<OpenMigration> dueAt(VmMigrations s, long t, boolean all, boolean endedOnly) {
        List<OpenMigration> due = new ArrayList<>();
        for (OpenMigration m : s.getOpen()) {
            boolean ended = m.getDueUs() != null;
            if (all && (ended || !endedOnly) || ended && m.getDueUs() <= t) {
                due.add(m);
            }
        }
        return due;
    }

    /** Moves a migration from open to closed; events up to its window's end are late from now on. */
    static void close(VmMigrations s, OpenMigration m, long atUs) {
        s.getOpen().remove(m);
        long until = m.getDueUs() != null ? m.getDueUs() : Math.max(atUs, m.getFirstUs());
        s.getClosed().add(ClosedMigration.newBuilder().setId(m.getId()).setFirstUs(m.getFirstUs()).setUntilUs(until)
                .build());
        while (s.getClosed().size() > KEEP_CLOSED) {
            s.getClosed().remove(0);
        }
    }

    /** The earliest due time of the VM's migrations, or null. */
    static Long earliestDue(VmMigrations s) {
        Long min = null;
        for (OpenMigration m : s.getOpen()) {
            if (m.getDueUs() != null && (min == null || m.getDueUs() < min)) {
                min = m.getDueUs();
            }
        }
        return min;
    }

    private static long firstUs(MigrationEvent e) {
        long first = e.getEventTimeUs();
        for (PhaseMark p : e.getPhases()) {
            first = Math.min(first, p.getAtUs());
        }
        return first;
    }

    /** The latest outcome mark of the event, or null when it does not say the migration ended. */
    public static Long endUs(MigrationEvent e) {
        Long end = null;
        for (PhaseMark p : e.getPhases()) {
            if (OUTCOMES.contains(p.getPhase())) {
                end = end == null ? p.getAtUs() : Math.max(end, p.getAtUs());
            }
        }
        return end;
    }
}
