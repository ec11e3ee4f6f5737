package io.migscope.streams.convergence;

import io.migscope.avro.Alert;
import io.migscope.avro.AlertKind;
import io.migscope.avro.AlertState;
import io.migscope.avro.DowntimeReport;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The alerts of one migration: a stable id (migration id + kind), FIRING then RESOLVED, with hysteresis so a
 * noisy condition does not flap. Returns {@link Alert} records only on transitions.
 *
 * <p>NON_CONVERGING and STUCK fire after {@code fireAfter} consecutive true evaluations; DOWNTIME_SLO_BREACH and
 * DEADLINE_PASSED are facts and fire at once. All resolve after {@code resolveAfter} consecutive false evaluations,
 * and every firing alert resolves when the migration ends ({@link #onFinished}). A resolved alert may fire again
 * (same id, new fired_at).
 */
public final class AlertTracker {

    private final String migrationId;
    private final String vm;
    private final String cluster;
    private final AlertSettings settings;
    private final Map<AlertKind, Slot> slots = new EnumMap<>(AlertKind.class);
    private final Set<AlertKind> raised = new TreeSet<>();
    private long lastEventUs = Long.MIN_VALUE;
    private long lastProgressUs = Long.MIN_VALUE;
    private Long deadlineUs;
    private Long predictedUs;
    private boolean finished;
    /** Whether an evaluation changed the hysteresis state since {@link #takeChanged()} was last asked. */
    private boolean changed;

    public AlertTracker(String migrationId, String vm, String cluster, AlertSettings settings) {
        this.migrationId = migrationId;
        this.vm = vm;
        this.cluster = cluster;
        this.settings = settings;
    }

    public static String alertId(String migrationId, AlertKind kind) {
        return migrationId + ":" + kind.name();
    }

    /** Any event of the migration: resets the "no events" clock of STUCK. */
    public void onActivity(long eventUs) {
        lastEventUs = Math.max(lastEventUs, eventUs);
    }

    /** One model evaluation: NON_CONVERGING with hysteresis, DEADLINE_PASSED when the sample is past it. */
    public List<Alert> onAssessment(Assessment a) {
        List<Alert> out = new ArrayList<>();
        if (finished) {
            return out;
        }
        onActivity(a.timeUs());
        lastProgressUs = Math.max(lastProgressUs, a.lastProgressUs());
        deadlineUs = a.effectiveDeadlineUs();
        predictedUs = a.predictedCompletionUs();
        evaluate(AlertKind.NON_CONVERGING, a.nonConverging(), a.timeUs(), a::evidence, a.secondsLeft(), out);
        deadline(a.timeUs(), out);
        return out;
    }

    /** Stream-time punctuation: STUCK (no events or no progress for N s) and DEADLINE_PASSED. */
    public List<Alert> onTime(long nowUs) {
        List<Alert> out = new ArrayList<>();
        if (finished || lastEventUs == Long.MIN_VALUE) {
            return out;
        }
        long quiet = nowUs - lastEventUs;
        long still = lastProgressUs == Long.MIN_VALUE ? 0 : nowUs - lastProgressUs;
        boolean stuck = quiet >= settings.stuckAfterUs() || still >= settings.stuckAfterUs();
        Supplier<String> evidence = () -> String.format(Locale.ROOT,
                "no events for %.0f s, no progress for %.0f s (limit %.0f s)", quiet / 1e6, still / 1e6,
                settings.stuckAfterUs() / 1e6);
        evaluate(AlertKind.STUCK, stuck, nowUs, evidence, secondsLeft(nowUs), out);
        deadline(nowUs, out);
        return out;
    }

    /** True when an evaluation changed this tracker since the last call (the caller must then store it). */
    public boolean takeChanged() {
        boolean c = changed;
        changed = false;
        return c;
    }

    /** An updated downtime report: DOWNTIME_SLO_BREACH when the longest observed blackout is over the SLO. */
    public List<Alert> onDowntime(DowntimeReport r, long nowUs) {
        List<Alert> out = new ArrayList<>();
        Double longest = r.getObservedBlackoutMs();
        boolean breach = longest != null && longest > settings.downtimeSloMs();
        Supplier<String> evidence = () -> String.format(Locale.ROOT, "observed blackout %.0f ms (%d blackouts) over"
                        + " SLO %.0f ms; hypervisor reported %s ms", longest == null ? 0 : longest, r.getBlackoutCount(),
                settings.downtimeSloMs(), r.getReportedDowntimeMs());
        evaluate(AlertKind.DOWNTIME_SLO_BREACH, breach, nowUs, evidence, null, out);
        return out;
    }

    /** The migration ended: every firing alert resolves. Later evaluations emit nothing. */
    public List<Alert> onFinished(long nowUs, String outcome) {
        List<Alert> out = new ArrayList<>();
        for (Map.Entry<AlertKind, Slot> e : slots.entrySet()) {
            if (e.getValue().firing) {
                out.add(resolve(e.getKey(), e.getValue(), nowUs, "migration ended: " + outcome));
            }
        }
        finished = true;
        return out;
    }

    /** Whether the migration ended (its alerts resolved). */
    public boolean isFinished() {
        return finished;
    }

    /** Every kind that fired at least once, for the summary. */
    public Set<AlertKind> raised() {
        return new TreeSet<>(raised);
    }

    private void deadline(long nowUs, List<Alert> out) {
        boolean passed = deadlineUs != null && nowUs > deadlineUs;
        Long deadline = deadlineUs;
        Supplier<String> evidence = () -> deadline == null ? "no deadline known"
                : String.format(Locale.ROOT, "platform deadline passed %.0f s ago", (nowUs - deadline) / 1e6);
        evaluate(AlertKind.DEADLINE_PASSED, passed, nowUs, evidence, secondsLeft(nowUs), out);
    }

    private Double secondsLeft(long nowUs) {
        return deadlineUs == null ? null : (deadlineUs - nowUs) / 1e6;
    }

    /** The evidence text is made only when an alert record is (it was most of the cost of an evaluation per probe). */
    private void evaluate(AlertKind kind, boolean condition, long nowUs, Supplier<String> evidence, Double secondsLeft,
                          List<Alert> out) {
        Slot s = slots.get(kind);
        if (s == null) {
            s = new Slot();
            slots.put(kind, s);
            changed = true;
        }
        int needed = kind == AlertKind.NON_CONVERGING || kind == AlertKind.STUCK ? settings.fireAfter() : 1;
        // The runs only matter up to the thresholds: saturating them leaves a quiet migration's state unchanged
        // from one evaluation to the next, so the correlator need not rewrite it on every stream-time tick.
        int cap = Math.max(needed, settings.resolveAfter());
        int trueRun = condition ? Math.min(s.trueRun + 1, cap) : 0;
        int falseRun = condition ? 0 : Math.min(s.falseRun + 1, cap);
        changed |= trueRun != s.trueRun || falseRun != s.falseRun;
        s.trueRun = trueRun;
        s.falseRun = falseRun;
        if (!s.firing && s.trueRun >= needed) {
            s.firing = true;
            s.firedAtUs = nowUs;
            changed = true;
            raised.add(kind);
            out.add(alert(kind, s, AlertState.FIRING, nowUs, null, evidence.get(), secondsLeft));
        } else if (s.firing && s.falseRun >= settings.resolveAfter()) {
            out.add(resolve(kind, s, nowUs, evidence.get()));
        }
    }

    private Alert resolve(AlertKind kind, Slot s, long nowUs, String evidence) {
        changed = true;
        s.firing = false;
        s.trueRun = 0;
        // Evaluations follow event time, which may step back within the grace period: never resolve before firing.
        long atUs = Math.max(nowUs, s.firedAtUs);
        return alert(kind, s, AlertState.RESOLVED, atUs, atUs, evidence, secondsLeft(atUs));
    }

    private Alert alert(AlertKind kind, Slot s, AlertState state, long nowUs, Long resolvedUs, String evidence,
                        Double secondsLeft) {
        return Alert.newBuilder().setAlertId(alertId(migrationId, kind)).setMigrationId(migrationId).setVm(vm)
                .setCluster(cluster).setKind(kind).setState(state).setFiredAtUs(s.firedAtUs).setResolvedAtUs(resolvedUs)
                .setUpdatedAtUs(nowUs).setEvidence(evidence).setDeadlineUs(deadlineUs)
                .setPredictedCompletionUs(predictedUs).setSecondsLeftBeforeDeadline(secondsLeft).build();
    }

    /** Hysteresis counters of one kind. */
    private static final class Slot {
        boolean firing;
        long firedAtUs;
        int trueRun;
        int falseRun;
    }

    /** The tracker as state. */
    public io.migscope.avro.state.AlertsState toState() {
        java.util.List<io.migscope.avro.state.AlertSlot> list = new ArrayList<>();
        for (Map.Entry<AlertKind, Slot> e : slots.entrySet()) {
            Slot s = e.getValue();
            list.add(new io.migscope.avro.state.AlertSlot(e.getKey(), s.firing, s.firedAtUs, s.trueRun, s.falseRun));
        }
        return io.migscope.avro.state.AlertsState.newBuilder().setMigrationId(migrationId).setVm(vm)
                .setCluster(cluster).setLastEventUs(lastEventUs).setLastProgressUs(lastProgressUs)
                .setDeadlineUs(deadlineUs).setPredictedUs(predictedUs).setFinished(finished)
                .setRaised(new ArrayList<>(raised)).setSlots(list).build();
    }

    public static AlertTracker fromState(io.migscope.avro.state.AlertsState s, AlertSettings settings) {
        AlertTracker t = new AlertTracker(s.getMigrationId(), s.getVm(), s.getCluster(), settings);
        t.lastEventUs = s.getLastEventUs();
        t.lastProgressUs = s.getLastProgressUs();
        t.deadlineUs = s.getDeadlineUs();
        t.predictedUs = s.getPredictedUs();
        t.finished = s.getFinished();
        t.raised.addAll(s.getRaised());
        for (io.migscope.avro.state.AlertSlot a : s.getSlots()) {
            Slot slot = new Slot();
            slot.firing = a.getFiring();
            slot.firedAtUs = a.getFiredAtUs();
            slot.trueRun = a.getTrueRun();
            slot.falseRun = a.getFalseRun();
            t.slots.put(a.getKind(), slot);
        }
        return t;
    }
}
