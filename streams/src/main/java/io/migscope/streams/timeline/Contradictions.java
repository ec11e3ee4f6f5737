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
        return flags;
    }

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
