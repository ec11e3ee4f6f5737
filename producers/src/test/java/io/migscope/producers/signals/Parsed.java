package io.migscope.producers.signals;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.ReactionMark;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.LineParser;
import java.util.List;
import java.util.stream.Collectors;

/** Test helper: the events a parser makes of lines, and their marks written compactly. */
final class Parsed {
    private Parsed() {
    }

    static List<MigrationEvent> events(LineParser parser, List<String> lines) {
        Collected out = Collected.run(parser, lines);
        if (!out.rejections.isEmpty()) {
            throw new AssertionError("the parser rejected a test line: " + out.rejections);
        }
        return out.of(MigrationEvent.class);
    }

    /** "PHASE" per phase mark, with "~" when read from the status, e.g. "~PRECOPY". */
    static String phases(MigrationEvent e) {
        return e.getPhases().stream().map(Parsed::phase).collect(Collectors.joining(" "));
    }

    /** "REACTION" per reaction mark, with ":detail" when it has one. */
    static String reactions(MigrationEvent e) {
        return e.getReactions().stream().map(Parsed::reaction).collect(Collectors.joining(" "));
    }

    private static String phase(PhaseMark m) {
        return (m.getFromStatus() ? "~" : "") + m.getPhase();
    }

    private static String reaction(ReactionMark m) {
        return m.getReaction() + (m.getDetail() == null ? "" : ":" + m.getDetail());
    }
}
