package io.migscope.streams.summary;

import io.migscope.avro.AlertKind;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.PassPoint;
import io.migscope.avro.Phase;
import io.migscope.streams.timeline.Phases;
import io.migscope.streams.timeline.TimelineFacts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * One {@link MigrationSummary} from a timeline, its facts, its downtime report and the alerts raised. A timeline
 * without an outcome (its capture ended first) gives outcome {@value #UNKNOWN}, flagged.
 *
 * <ul>
 *   <li>migration time: request to done (the definition of VM migration studies); without a requested phase, the
 *       first phase the sources saw stands in for the request;</li>
 *   <li>queue wait: request to the start of scheduling (or of the transfer when nothing schedules), only when the
 *       platform reported the request;</li>
 *   <li>transfer time: start of pre-copy (or post-copy) to done.</li>
 * </ul>
 */
public final class SummaryBuilder {
    /** The outcome of a migration whose input ended before any source said how it ended. */
    public static final String UNKNOWN = "unknown";

    private SummaryBuilder() {
    }

    /**
     * @param downtime  may be null (no probes for this VM)
     * @param alerts    kinds raised during the migration
     * @param wireBytes bytes on the wire (iftop) or null; {@code wireNote} says when they could not be split
     */
    public static MigrationSummary build(MigrationTimeline t, TimelineFacts facts, DowntimeReport downtime,
                                         Collection<AlertKind> alerts, Long wireBytes, String wireNote) {
        Long requested = start(t, Phases.REQUESTED);
        Long first = t.getPhases().isEmpty() ? null : t.getPhases().get(0).getStartUs();
        Long begin = requested != null ? requested : first;
        Long started = firstOf(t, Phases.PRECOPY, Phases.POSTCOPY);
        Long scheduled = firstOf(t, Phases.SCHEDULING, Phases.PRECOPY, Phases.POSTCOPY);
        String outcome = t.getOutcome() != null ? t.getOutcome() : UNKNOWN;
        Long done = t.getOutcome() == null ? null : start(t, t.getOutcome());
        List<String> flags = new ArrayList<>(t.getFlags());
        if (t.getOutcome() == null) {
            flags.add("no source said how the migration ended before its input ended");
        }
        List<String> kinds = new ArrayList<>();
        new TreeSet<>(alerts).forEach(k -> kinds.add(k.name()));
        MigrationSummary.Builder b = MigrationSummary.newBuilder().setMigrationId(t.getMigrationId()).setVm(t.getVm())
                .setCluster(t.getCluster()).setPlatform(t.getPlatform()).setSourceHost(t.getSourceHost())
                .setTargetHost(t.getTargetHost()).setOutcome(outcome).setMode(t.getMode())
                .setRequestedAtUs(begin).setStartedAtUs(started).setCompletedAtUs(done)
                .setMigrationTimeMs(millis(begin, done)).setQueueWaitMs(millis(requested, scheduled))
                .setTransferTimeMs(millis(started, done)).setPasses(passes(t)).setAlerts(kinds)
                .setFlags(flags).setWireBytes(wireBytes).setWireBytesNote(wireNote);
        if (facts != null) {
            b.setReportedDowntimeMs(facts.reportedDowntimeMs()).setHypervisorBytes(facts.hypervisorBytes())
                    .setWave(facts.wave()).setFlavor(facts.flavor()).setVmMemoryBytes(facts.vmMemoryBytes())
                    .setLoadProfile(facts.loadProfile());
        }
        if (downtime != null) {
            b.setObservedBlackoutMs(downtime.getObservedBlackoutMs())
                    .setObservedBlackoutTotalMs(downtime.getObservedBlackoutTotalMs())
                    .setBlackoutCount(downtime.getBlackoutCount()).setBrownoutMs(downtime.getBrownoutMs())
                    .setRttBaselineUs(downtime.getRttBaselineUs())
                    .setGuestBaselineMsPerGb(downtime.getGuestBaselineMsPerGb())
                    .setGuestSlowdownMaxMsPerGb(downtime.getGuestSlowdownMaxMsPerGb());
            if (b.getReportedDowntimeMs() == null) {
                b.setReportedDowntimeMs(downtime.getReportedDowntimeMs());
            }
        }
        return b.build();
    }

    private static Long start(MigrationTimeline t, String name) {
        for (Phase p : t.getPhases()) {
            if (p.getName().equals(name)) {
                return p.getStartUs();
            }
        }
        return null;
    }

    private static Long firstOf(MigrationTimeline t, String... names) {
        Long best = null;
        for (String n : names) {
            Long s = start(t, n);
            if (s != null && (best == null || s < best)) {
                best = s;
            }
        }
        return best;
    }

    private static Long millis(Long fromUs, Long toUs) {
        return fromUs == null || toUs == null ? null : (toUs - fromUs) / 1000;
    }

    private static int passes(MigrationTimeline t) {
        int max = 0;
        for (PassPoint p : t.getPasses()) {
            max = Math.max(max, p.getPass());
        }
        return max;
    }
}
