package io.migscope.producers.signals;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.PlatformReaction;
import io.migscope.avro.ReactionMark;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The marks one event yields, in the order the adapters find them (streams breaks ties between phases at the same
 * instant by this order, so it is part of the contract), and the two readings of the source's text every adapter
 * shares.
 */
final class Marks {
    final List<PhaseMark> phases = new ArrayList<>();
    final List<ReactionMark> reactions = new ArrayList<>();

    void phase(MigrationPhase phase, long atUs, boolean fromStatus) {
        phases.add(PhaseMark.newBuilder().setPhase(phase).setAtUs(atUs).setFromStatus(fromStatus).build());
    }

    void reaction(PlatformReaction reaction, long atUs, String detail) {
        reactions.add(ReactionMark.newBuilder().setReaction(reaction).setAtUs(atUs).setDetail(detail).build());
    }

    /** Status and detail as one lower-case string: platforms put the same words in either field. */
    static String text(MigrationEvent e) {
        return (lower(e.getStatus()) + " " + lower(e.getDetail())).trim();
    }

    /** Trimmed, lower-case, and empty for null, so that a missing field never matches a word. */
    static String lower(CharSequence s) {
        return s == null ? "" : s.toString().trim().toLowerCase(Locale.ROOT);
    }
}
