package io.migscope.streams.timeline;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.PlatformReaction;
import io.migscope.avro.ReactionMark;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An event's canonical marks as timeline signals. The collectors' adapters set the marks from each platform's own
 * words; this is the only place the timeline learns what an event says. An event without marks says nothing about
 * phases (replay gives marks to records an older version wrote).
 */
final class Marks {
    private Marks() {
    }

    static List<Signal> phases(MigrationEvent e) {
        List<Signal> out = new ArrayList<>(e.getPhases().size());
        for (PhaseMark m : e.getPhases()) {
            out.add(new Signal(m.getPhase().name().toLowerCase(Locale.ROOT), m.getAtUs(), e, m.getFromStatus()));
        }
        return out;
    }

    static List<Signal> reactions(MigrationEvent e) {
        List<Signal> out = new ArrayList<>(e.getReactions().size());
        for (ReactionMark m : e.getReactions()) {
            out.add(new Signal(action(m), m.getAtUs(), e, false));
        }
        return out;
    }

    /** The reaction as the timeline names it: "post-copy switch", "downtime step: 400 ms", ... */
    static String action(ReactionMark m) {
        PlatformReaction r = m.getReaction();
        String name = switch (r) {
            case POSTCOPY_SWITCH -> "post-copy switch";
            case FORCE_COMPLETE -> "force complete";
            case DOWNTIME_STEP -> "downtime step";
            default -> r.name().toLowerCase(Locale.ROOT);
        };
        return r == PlatformReaction.DOWNTIME_STEP && m.getDetail() != null ? name + ": " + m.getDetail() : name;
    }
}
