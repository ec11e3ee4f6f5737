package io.migscope.streams.timeline;

import io.migscope.avro.MigrationEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Finds what the sources contradict, so the timeline can say so instead of trusting one of them blindly. */
final class Contradictions {
    private Contradictions() {
    }

    static List<String> find(List<MigrationEvent> events, List<Signal> signals, Signal outcome) {
        List<String> flags = new ArrayList<>();
        passesBackwards(events, flags);
        activeAfterEnd(signals, flags);
        outcomeConflicts(signals, outcome, flags);
        declaredConflicts(events, signals, flags);
        return flags;
    }

    /** A declared value is kept; a source that says otherwise is flagged (hosts, request and end times). */
    private static void declaredConflicts(List<MigrationEvent> events, List<Signal> signals, List<String> flags) {
        for (MigrationEvent d : events) {
            if (d.getPlatform() != io.migscope.avro.Platform.DECLARED) {
                continue;
            }
            for (MigrationEvent e : events) {
                if (e.getPlatform() == io.migscope.avro.Platform.DECLARED) {
                    continue;
                }
                host("source_host", d.getSourceHost(), e.getSourceHost(), e, flags);
                host("target_host", d.getTargetHost(), e.getTargetHost(), e, flags);
            }
            for (Signal declared : signals) {
                if (declared.event() == d) {
                    time(declared, signals, flags);
                }
            }
        }
    }

    private static void host(String field, String declared, String said, MigrationEvent e, List<String> flags) {
        String flag = "declared " + field + " " + declared + " but " + TimelineBuilder.sourceOf(e) + " says " + said;
        if (declared != null && said != null && !declared.equals(said) && !flags.contains(flag)) {
            flags.add(flag);
        }
    }

    /** The sources' earliest time for a declared phase (or any outcome, for a declared outcome) 2 s away or more. */
    private static void time(Signal declared, List<Signal> signals, List<String> flags) {
        boolean outcome = Phases.isTerminal(declared.name());
        Signal nearest = null;
        for (Signal s : signals) {
            boolean same = outcome ? Phases.isTerminal(s.name()) : s.name().equals(declared.name());
            if (same && s.event().getPlatform() != io.migscope.avro.Platform.DECLARED
                    && (nearest == null || s.timeUs() < nearest.timeUs())) {
                nearest = s;
            }
        }
        if (nearest != null && Math.abs(nearest.timeUs() - declared.timeUs()) >= DECLARED_TIME_TOLERANCE_US) {
            flags.add("declared " + declared.name() + " at " + declared.timeUs() + " but " + nearest.source()
                    + " says " + nearest.name() + " at " + nearest.timeUs());
        }
    }

    /** Sources stamp the same moment a little apart; two seconds is a contradiction, not clock skew. */
    private static final long DECLARED_TIME_TOLERANCE_US = 2_000_000L;

    /** Per source and host, a pass number lower than one already seen (events are in time order). */
    private static void passesBackwards(List<MigrationEvent> events, List<String> flags) {
        Map<String, Integer> max = new TreeMap<>();
        for (MigrationEvent e : events) {
            if (e.getPass() == null) {
                continue;
            }
            String key = TimelineBuilder.sourceOf(e) + (e.getHost() == null ? "" : "@" + e.getHost());
            Integer before = max.get(key);
            if (before != null && e.getPass() < before) {
                flags.add("pass went backwards from " + before + " to " + e.getPass() + " at " + e.getEventTimeUs()
                        + " (" + key + ")");
            }
            max.merge(key, e.getPass(), Math::max);
        }
    }

    /** A status saying active after the same reporter said the migration had ended. */
    private static void activeAfterEnd(List<Signal> signals, List<String> flags) {
        Map<String, Signal> ended = new TreeMap<>();
        for (Signal s : signals) {
            if (s.fromStatus() && Phases.isTerminal(s.name())) {
                ended.merge(reporter(s), s, (a, b) -> a.timeUs() <= b.timeUs() ? a : b);
            }
        }
        Map<String, Signal> flagged = new TreeMap<>();
        for (Signal s : signals) {
            Signal end = ended.get(reporter(s));
            if (s.fromStatus() && !Phases.isTerminal(s.name()) && end != null && s.timeUs() > end.timeUs()) {
                flagged.merge(reporter(s), s, (a, b) -> a.timeUs() <= b.timeUs() ? a : b);
            }
        }
        flagged.forEach((who, s) -> flags.add(s.name() + " at " + s.timeUs() + " after "
                + ended.get(who).name() + " at " + ended.get(who).timeUs() + " (" + who + ")"));
    }

    /** Another source reports a different outcome than the one the precedence chose. */
    private static void outcomeConflicts(List<Signal> signals, Signal outcome, List<String> flags) {
        if (outcome == null) {
            return;
        }
        Map<String, String> others = new TreeMap<>();
        for (Signal s : signals) {
            if (Phases.isTerminal(s.name()) && !s.name().equals(outcome.name())) {
                others.putIfAbsent(s.source() + "=" + s.name(), s.name());
            }
        }
        others.keySet().forEach(o -> flags.add("outcome conflict: " + outcome.source() + "=" + outcome.name()
                + " but " + o));
    }

    private static String reporter(Signal s) {
        return s.reporter();
    }
}
