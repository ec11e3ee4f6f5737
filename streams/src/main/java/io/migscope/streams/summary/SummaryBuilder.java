package io.migscope.streams.summary;

import io.migscope.avro.AlertKind;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Phase;
import io.migscope.streams.timeline.Phases;
import io.migscope.streams.timeline.TimelineFacts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One {@link MigrationSummary} from a final timeline, its downtime report and the alerts it raised.
 *
 * <p>Migration time runs from the request to the end, the definition VM migration studies use; queue wait from
 * the request to the first transfer phase; transfer time from there to the end.
 */
public final class SummaryBuilder {
    private static final List<String> TRANSFER = List.of(Phases.PRECOPY, Phases.POSTCOPY, Phases.SWITCHOVER);

    private SummaryBuilder() {
    }

    /**
     * @param downtime  the migration's downtime report, or null when no probes were seen
     * @param wireBytes bytes seen on the wire between the hosts, or null when not measured
     */
    public static MigrationSummary build(MigrationTimeline t, TimelineFacts facts, DowntimeReport downtime,
                                         Collection<AlertKind> alerts, Long wireBytes, String wireNote) {
        Long requested = first(t, List.of(Phases.REQUESTED, Phases.QUEUED, Phases.SCHEDULING));
        Long started = first(t, TRANSFER);
        Long done = end(t);
        Long origin = requested != null ? requested : started;
        MigrationSummary.Builder b = MigrationSummary.newBuilder()
                .setMigrationId(t.getMigrationId()).setVm(t.getVm()).setCluster(t.getCluster())
                .setPlatform(t.getPlatform()).setSourceHost(t.getSourceHost()).setTargetHost(t.getTargetHost())
                .setOutcome(t.getOutcome() == null ? "unknown" : t.getOutcome()).setMode(t.getMode())
                .setRequestedAtUs(requested).setStartedAtUs(started).setCompletedAtUs(done)
                .setMigrationTimeMs(millis(origin, done)).setQueueWaitMs(millis(requested, started))
                .setTransferTimeMs(millis(started, done))
                .setPasses(t.getPasses().stream().mapToInt(p -> p.getPass()).max().orElse(0))
                .setHypervisorBytes(facts.hypervisorBytes()).setReportedDowntimeMs(facts.reportedDowntimeMs())
                .setWireBytes(wireBytes).setWireBytesNote(wireNote)
                .setAlerts(alerts.stream().map(Enum::name).sorted().toList())
                .setFlags(new ArrayList<>(t.getFlags()))
                .setWave(facts.wave()).setFlavor(facts.flavor()).setVmMemoryBytes(facts.vmMemoryBytes());
        if (downtime != null) {
            b.setObservedBlackoutMs(downtime.getObservedBlackoutMs())
                    .setObservedBlackoutTotalMs(downtime.getObservedBlackoutTotalMs())
                    .setBlackoutCount(downtime.getBlackoutCount()).setBrownoutMs(downtime.getBrownoutMs())
                    .setRttBaselineUs(downtime.getRttBaselineUs());
        }
        return b.build();
    }

    private static Long first(MigrationTimeline t, List<String> names) {
        return t.getPhases().stream().filter(p -> names.contains(p.getName())).map(Phase::getStartUs)
                .min(Long::compare).orElse(null);
    }

    private static Long end(MigrationTimeline t) {
        return t.getPhases().stream().filter(p -> Phases.isTerminal(p.getName())).map(Phase::getStartUs)
                .findFirst().orElse(null);
    }

    private static Long millis(Long fromUs, Long toUs) {
        return fromUs == null || toUs == null || toUs < fromUs ? null : (toUs - fromUs) / 1000;
    }
}
