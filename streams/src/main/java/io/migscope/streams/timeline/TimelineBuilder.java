package io.migscope.streams.timeline;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.signals.EventHosts;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Phase;
import io.migscope.avro.PassPoint;
import io.migscope.avro.Platform;
import io.migscope.avro.Reaction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds the events of one migration, from any platform, into its {@link MigrationTimeline}.
 *
 * <p>Determinism: the builder keeps a SET of events and rebuilds the timeline from it, so the result depends
 * only on which events arrived, not on their order or on duplicates. Lifecycle events are kept by
 * {@code event_id}. Statistics and progress events, which come every 100 ms to 5 s, are kept only as the latest
 * per source, host and pass (or per 5 s bucket when the source has no pass numbers); "latest" is the largest
 * (event time, event id), which is commutative, so the set stays bounded and order-free. Merging across sources
 * follows {@link Precedence}. Contradictions go to {@code flags}, never silently resolved.
 *
 * <p>State: {@link #events()} (a list of Avro records) and {@link #fromEvents}; {@link TimelineState} gives bytes.
 */
public final class TimelineBuilder {
    /** Bounds per migration; a real migration has tens of lifecycle events and at most hundreds of passes. */
    static final int MAX_LIFECYCLE = 2000;
    static final int MAX_PROGRESS = 2000;
    /** Progress lines without a pass number (Nova) are kept one per this bucket. */
    static final long PROGRESS_BUCKET_US = 5_000_000L;
    private static final Comparator<MigrationEvent> BY_TIME = Comparator.comparingLong(MigrationEvent::getEventTimeUs)
            .thenComparing(MigrationEvent::getEventId);

    private final String migrationId;
    private final TreeMap<String, MigrationEvent> lifecycle = new TreeMap<>();
    private final TreeMap<String, MigrationEvent> progress = new TreeMap<>();
    private long overflow;

    public TimelineBuilder(String migrationId) {
        this.migrationId = migrationId;
    }

    public static TimelineBuilder fromEvents(String migrationId, Collection<MigrationEvent> events) {
        TimelineBuilder b = new TimelineBuilder(migrationId);
        events.forEach(b::add);
        return b;
    }

    /** The builder a stored state holds. */
    public static TimelineBuilder fromState(io.migscope.avro.state.TimelineState s) {
        TimelineBuilder b = fromEvents(s.getMigrationId(), s.getEvents());
        b.overflow = s.getOverflow();
        return b;
    }

    /** This builder as state, with the facts derived from its events and the hash of the timeline last emitted. */
    public io.migscope.avro.state.TimelineState toState(String vm, TimelineFacts f, int emittedHash) {
        return io.migscope.avro.state.TimelineState.newBuilder().setMigrationId(migrationId).setVm(vm)
                .setEvents(events()).setOverflow(overflow).setReportedDowntimeMs(f.reportedDowntimeMs())
                .setReportedSource(f.reportedSource()).setHypervisorBytes(f.hypervisorBytes())
                .setMigrationBytes(f.migrationBytes()).setWave(f.wave()).setFlavor(f.flavor())
                .setVmMemoryBytes(f.vmMemoryBytes()).setLoadProfile(f.loadProfile()).setEmittedHash(emittedHash)
                .build();
    }

    /** The facts kept in a stored state. */
    public static TimelineFacts facts(io.migscope.avro.state.TimelineState s) {
        return new TimelineFacts(s.getReportedDowntimeMs(), s.getReportedSource(), s.getHypervisorBytes(),
                s.getMigrationBytes(), s.getWave(), s.getFlavor(), s.getVmMemoryBytes(), s.getLoadProfile());
    }

    /** Adds one event; returns false when it changes nothing (a duplicate, or older than the kept progress). */
    public boolean add(MigrationEvent e) {
        if (isProgress(e)) {
            String key = progressKey(e);
            MigrationEvent old = progress.get(key);
            if (old != null && BY_TIME.compare(old, e) >= 0) {
                return false;
            }
            if (old == null && progress.size() >= MAX_PROGRESS) {
                overflow++;
                return false;
            }
            progress.put(key, e);
            return true;
        }
        if (lifecycle.containsKey(e.getEventId())) {
            return false;
        }
        if (lifecycle.size() >= MAX_LIFECYCLE) {
            overflow++;
            return false;
        }
        lifecycle.put(e.getEventId(), e);
        return true;
    }

    /** The kept events in (event time, event id) order: the whole state of this builder. */
    public List<MigrationEvent> events() {
        List<MigrationEvent> all = new ArrayList<>(lifecycle.size() + progress.size());
        all.addAll(lifecycle.values());
        all.addAll(progress.values());
        all.sort(BY_TIME);
        return all;
    }

    public String migrationId() {
        return migrationId;
    }

    /** True once an outcome is known. */
    public boolean isFinal() {
        return outcome(signals(events())) != null;
    }

    public MigrationTimeline build() {
        return build(facts());
    }

    /** The timeline, with the hypervisor's reported downtime from {@code f} (this builder's {@link #facts()}). */
    public MigrationTimeline build(TimelineFacts f) {
        List<MigrationEvent> events = events();
        if (events.isEmpty()) {
            throw new IllegalStateException("timeline " + migrationId + " has no events yet");
        }
        List<Signal> signals = signals(events);
        Signal outcome = outcome(signals);
        List<String> flags = new ArrayList<>();
        List<Phase> phases = phases(signals, outcome, flags);
        flags.addAll(Contradictions.find(events, signals, outcome));
        if (overflow > 0) {
            flags.add("event bound reached: " + overflow + " events not kept");
        }
        MigrationEvent first = events.get(0);
        return MigrationTimeline.newBuilder().setMigrationId(migrationId).setVm(first.getVm())
                .setCluster(firstNonNull(events, MigrationEvent::getCluster)).setPlatform(platform(events))
                .setSourceHost(declaredFirst(events, EventHosts::source))
                .setTargetHost(declaredFirst(events, EventHosts::target))
                .setMode(mode(events, phases)).setPhases(phases).setPasses(PassPoints.of(events))
                .setReactions(reactions(events)).setFlags(flags)
                .setOutcome(outcome == null ? null : outcome.name()).setFinal$(outcome != null)
                .setUpdatedUs(events.get(events.size() - 1).getEventTimeUs())
                .setReportedDowntimeMs(f.reportedDowntimeMs()).setReportedSource(f.reportedSource()).build();
    }

    /** Hypervisor numbers for the downtime report, the convergence deadline and the summary. */
    public TimelineFacts facts() {
        List<MigrationEvent> events = events();
        MigrationEvent downtime = null;
        Long bytes = null;
        int bytesRank = Integer.MAX_VALUE;
        Long total = null;
        for (MigrationEvent e : events) {
            MigrationStats s = e.getStats();
            if (s == null) {
                continue;
            }
            int rank = Precedence.hypervisorRank(e.getPlatform());
            if (s.getDowntimeMs() != null && (downtime == null || strongerThenLater(e, downtime))) {
                downtime = e;
            }
            Long moved = s.getRamTransferredBytes() != null ? s.getRamTransferredBytes() : s.getDataProcessedBytes();
            if (moved != null && (rank < bytesRank || (rank == bytesRank && moved > bytes))) {
                bytes = moved;
                bytesRank = rank;
            }
            Long size = migrationBytes(s);
            if (size != null) {
                total = total == null ? size : Math.max(total, size);
            }
        }
        Long memory = firstNonNull(events, MigrationEvent::getVmMemoryBytes);
        return new TimelineFacts(downtime == null ? null : downtime.getStats().getDowntimeMs(),
                downtime == null ? null : sourceOf(downtime), bytes, total != null ? total : memory,
                firstNonNull(events, MigrationEvent::getWave), firstNonNull(events, MigrationEvent::getFlavor), memory,
                firstNonNull(events, MigrationEvent::getLoadProfile));
    }

    /** Stronger source first; within one source the later report (QEMU's measured downtime comes last). */
    private static boolean strongerThenLater(MigrationEvent a, MigrationEvent b) {
        int rank = Integer.compare(Precedence.hypervisorRank(a.getPlatform()), Precedence.hypervisorRank(b.getPlatform()));
        return rank != 0 ? rank < 0 : BY_TIME.compare(a, b) > 0;
    }

    /** Memory plus local disk, as KubeVirt's per-GiB deadline counts it. */
    private static Long migrationBytes(MigrationStats s) {
        if (s.getDataTotalBytes() != null) {
            return s.getDataTotalBytes();
        }
        if (s.getRamTotalBytes() != null) {
            return s.getRamTotalBytes() + (s.getDiskTotalBytes() == null ? 0 : s.getDiskTotalBytes());
        }
        return null;
    }

    static String sourceOf(MigrationEvent e) {
        return e.getPlatform().name().toLowerCase() + "/" + e.getSourceFormat();
    }

    static boolean isProgress(MigrationEvent e) {
        return e.getKind() == EventKind.STATS || e.getKind() == EventKind.PROGRESS;
    }

    private static String progressKey(MigrationEvent e) {
        Long pass = PassPoints.passOf(e);
        String slot = pass != null ? "p" + pass : "t" + Math.floorDiv(e.getEventTimeUs(), PROGRESS_BUCKET_US);
        return e.getPlatform() + "|" + e.getSourceFormat() + "|" + e.getHost() + "|" + e.getRole() + "|" + slot;
    }

    private static List<Signal> signals(List<MigrationEvent> events) {
        List<Signal> out = new ArrayList<>();
        for (MigrationEvent e : events) {
            out.addAll(Marks.phases(e));
        }
        return out;
    }

    /**
     * The outcome: each reporter's first terminal signal (later polls repeating "completed" do not move it), then
     * the strongest platform's latest one (done means every side said so).
     */
    static Signal outcome(List<Signal> signals) {
        Map<String, Signal> firstPerReporter = new TreeMap<>();
        for (Signal s : signals) {
            if (Phases.isTerminal(s.name())) {
                firstPerReporter.merge(s.reporter(), s, (a, b) -> compareTime(a, b) <= 0 ? a : b);
            }
        }
        Signal best = null;
        for (Signal s : firstPerReporter.values()) {
            if (best == null || compareForOutcome(s, best) < 0) {
                best = s;
            }
        }
        return best;
    }

    private static int compareTime(Signal a, Signal b) {
        int time = Long.compare(a.timeUs(), b.timeUs());
        return time != 0 ? time : a.event().getEventId().compareTo(b.event().getEventId());
    }

    /**
     * Stronger platform first; within one, an abort or a cancel beats a failure whatever their order (an abort makes
     * the other side fail after it: libvirt's destination stops with Failed a second after the source's job is
     * Cancelled, QEMU's destination reports failed after the source's cancelled); then the latest.
     */
    private static int compareForOutcome(Signal a, Signal b) {
        int rank = Integer.compare(Precedence.rank(a.name(), a.event().getPlatform()),
                Precedence.rank(b.name(), b.event().getPlatform()));
        if (rank != 0) {
            return rank;
        }
        int stopped = Boolean.compare(isStopped(b), isStopped(a));
        if (stopped != 0 && (isFailed(a) || isFailed(b))) {
            return stopped;
        }
        int time = Long.compare(b.timeUs(), a.timeUs());
        return time != 0 ? time : a.event().getEventId().compareTo(b.event().getEventId());
    }

    private static boolean isStopped(Signal s) {
        return s.name().equals(Phases.ABORTED) || s.name().equals(Phases.CANCELLED);
    }

    private static boolean isFailed(Signal s) {
        return s.name().equals(Phases.FAILED);
    }

    /** The strongest source's earliest start of each phase, ordered by time; each ends where the next begins. */
    private static List<Phase> phases(List<Signal> signals, Signal outcome, List<String> flags) {
        Map<String, Signal> starts = new LinkedHashMap<>();
        for (Signal s : signals) {
            if (Phases.isTerminal(s.name())) {
                continue;
            }
            Signal old = starts.get(s.name());
            if (old == null || compareForStart(s, old) < 0) {
                starts.put(s.name(), s);
            }
        }
        List<Signal> ordered = new ArrayList<>(starts.values());
        ordered.sort(Comparator.comparingLong(Signal::timeUs).thenComparingInt(s -> Phases.ORDER.indexOf(s.name())));
        List<Phase> out = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Signal s = ordered.get(i);
            Signal next = i + 1 < ordered.size() ? ordered.get(i + 1) : outcome;
            if (outcome != null && s.timeUs() > outcome.timeUs()) {
                flags.add(outcome.name() + " at " + outcome.timeUs() + " (" + outcome.source() + ") before "
                        + s.name() + " started at " + s.timeUs() + " (" + s.source() + ")");
                next = null;
            }
            out.add(phase(s, next));
        }
        if (outcome != null) {
            out.add(phase(outcome, outcome));
        }
        return out;
    }

    private static int compareForStart(Signal a, Signal b) {
        int rank = Integer.compare(Precedence.rank(a.name(), a.event().getPlatform()),
                Precedence.rank(b.name(), b.event().getPlatform()));
        if (rank != 0) {
            return rank;
        }
        int time = Long.compare(a.timeUs(), b.timeUs());
        return time != 0 ? time : a.event().getEventId().compareTo(b.event().getEventId());
    }

    private static Phase phase(Signal start, Signal end) {
        return Phase.newBuilder().setName(start.name()).setStartUs(start.timeUs())
                .setStartSource(start.source()).setEndUs(end == null ? null : end.timeUs())
                .setEndSource(end == null ? null : end.source()).build();
    }

    /**
     * Reactions in time order. A repeated report of the same action by the same source is one reaction (KubeVirt
     * repeats its mode on every update); downtime steps carry their value, so each step stays.
     */
    private static List<Reaction> reactions(List<MigrationEvent> events) {
        Map<String, Reaction> byKey = new TreeMap<>();
        for (MigrationEvent e : events) {
            for (Signal s : Marks.reactions(e)) {
                String key = s.name() + "|" + s.source();
                Reaction old = byKey.get(key);
                if (old == null || s.timeUs() < old.getTimeUs()) {
                    byKey.put(key, Reaction.newBuilder().setTimeUs(s.timeUs()).setAction(s.name())
                            .setSource(s.source()).build());
                }
            }
        }
        List<Reaction> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.comparingLong(Reaction::getTimeUs).thenComparing(Reaction::getAction)
                .thenComparing(Reaction::getSource));
        return out;
    }

    /** The strongest platform that reported the migration; a manifest's declaration is not a platform. */
    private static Platform platform(List<MigrationEvent> events) {
        Platform best = Platform.UNKNOWN;
        for (MigrationEvent e : events) {
            if (e.getPlatform() != Platform.DECLARED
                    && Precedence.platformRank(e.getPlatform()) < Precedence.platformRank(best)) {
                best = e.getPlatform();
            }
        }
        return best;
    }

    /** The platform's own mode when it says one (latest), else what the phases show. */
    private static String mode(List<MigrationEvent> events, List<Phase> phases) {
        String mode = null;
        for (MigrationEvent e : events) {
            if (e.getMode() != null) {
                mode = e.getMode();
            }
        }
        if (mode != null) {
            return mode;
        }
        TreeSet<String> names = new TreeSet<>();
        phases.forEach(p -> names.add(p.getName()));
        if (names.contains(Phases.POSTCOPY)) {
            return "PostCopy";
        }
        if (names.contains(Phases.PAUSED)) {
            return "Paused";
        }
        return names.contains(Phases.PRECOPY) ? "PreCopy" : null;
    }

    /** What a user declared, else the first source that says it. */
    private static <T> T declaredFirst(List<MigrationEvent> events, java.util.function.Function<MigrationEvent, T> f) {
        for (MigrationEvent e : events) {
            T v = f.apply(e);
            if (v != null && e.getPlatform() == Platform.DECLARED) {
                return v;
            }
        }
        return firstNonNull(events, f);
    }

    private static <T> T firstNonNull(List<MigrationEvent> events, java.util.function.Function<MigrationEvent, T> f) {
        for (MigrationEvent e : events) {
            T v = f.apply(e);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
