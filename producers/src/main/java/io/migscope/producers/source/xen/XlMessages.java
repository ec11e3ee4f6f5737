package io.migscope.producers.source.xen;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationPhase;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines {@code xl migrate} and {@code xl migrate-receive} write to stderr, both ends, as printed by
 * tools/xl/xl_migrate.c, xl_saverestore.c and xl_vmcontrol.c (xen-project/xen), mapped to what they mean for the
 * migration. This is xen's adapter: the phases here are the canonical ones nothing downstream re-derives.
 * The target's lines reach the sender's terminal through ssh, so one capture holds both ends.
 */
final class XlMessages {

    static final String SOURCE = "source";
    static final String DESTINATION = "destination";

    /** What one line means: who said it, what kind of event, the phase it marks (or null), the status word. */
    record Meaning(String role, EventKind kind, MigrationPhase phase, String status) {
    }

    private record Shape(Pattern pattern, Meaning meaning) {
    }

    private static Shape shape(String regex, String role, EventKind kind, MigrationPhase phase, String status) {
        return new Shape(Pattern.compile("^" + regex + "$"), new Meaning(role, kind, phase, status));
    }

    private static final String N = "-?\\d{1,10}";
    private static final List<Shape> SHAPES = List.of(
            // the sender has written the config and starts the stream: memory goes while the guest runs
            shape("Saving to migration stream new xl format \\(info 0x[0-9a-f]+/0x[0-9a-f]+/\\d+\\)", SOURCE,
                    EventKind.PHASE, MigrationPhase.PRECOPY, "sending"),
            shape("migration target: Ready to receive domain\\.", DESTINATION, EventKind.PHASE,
                    MigrationPhase.PRECOPY, "receiving"),
            shape("migration target: Transfer complete, requesting permission to start domain\\.", DESTINATION,
                    EventKind.STATUS, null, "transfer-complete"),
            shape("migration sender: Target has acknowledged transfer\\.", SOURCE, EventKind.STATUS, null,
                    "transfer-acknowledged"),
            shape("migration sender: Giving target permission to start\\.", SOURCE, EventKind.STATUS, null,
                    "permission-given"),
            shape("migration target: Got permission, starting domain\\.", DESTINATION, EventKind.STATUS, null,
                    "starting"),
            // xl's own spelling, three s
            shape("migration target: Domain started successsfully\\.", DESTINATION, EventKind.RESUME,
                    MigrationPhase.RESUMED, "started"),
            shape("migration sender: Target reports successful startup\\.", SOURCE, EventKind.STATUS, null,
                    "target-started"),
            shape("Migration successful\\.", SOURCE, EventKind.STATUS, MigrationPhase.COMPLETED, "completed"),
            shape("migration sender: libxl_domain_suspend failed \\(rc=" + N + "\\)", SOURCE, EventKind.STATUS,
                    MigrationPhase.FAILED, "failed"),
            shape("migration sender: Target reports startup failure \\(status code " + N + "\\)\\.", SOURCE,
                    EventKind.STATUS, MigrationPhase.FAILED, "failed"),
            shape("migration sender: Trying to resume at our end\\.", SOURCE, EventKind.STATUS, null, "resuming"),
            shape("migration sender: Resumed OK\\.", SOURCE, EventKind.RESUME, null, "resumed-at-source"),
            shape("Migration failed due to problems at target\\.", SOURCE, EventKind.STATUS,
                    MigrationPhase.FAILED, "failed"),
            shape("Migration failed, failed to suspend at sender\\.", SOURCE, EventKind.STATUS,
                    MigrationPhase.FAILED, "failed"),
            shape("Migration failed, resuming at sender\\.", SOURCE, EventKind.STATUS, MigrationPhase.FAILED,
                    "failed"),
            shape("\\*\\* Migration failed during final handshake \\*\\*", SOURCE, EventKind.STATUS,
                    MigrationPhase.FAILED, "failed"),
            shape("migration target: Domain creation failed \\(code " + N + "\\)\\.", DESTINATION,
                    EventKind.STATUS, MigrationPhase.FAILED, "failed"),
            shape("migration target: Failure, destroying our copy\\.", DESTINATION, EventKind.STATUS,
                    MigrationPhase.FAILED, "failed"),
            shape("migration target: Failed to destroy our copy \\(code " + N + "\\)\\.", DESTINATION,
                    EventKind.STATUS, MigrationPhase.FAILED, "failed"),
            shape("migration target: Cleanup OK, granting sender permission to resume\\.", DESTINATION,
                    EventKind.STATUS, null, "cleaned-up"));

    /** Lines of a known shape that say nothing about the migration's course. */
    private static final List<Pattern> QUIET = List.of(
            Pattern.compile("^Loading new save file .+ \\(new xl fmt info 0x[0-9a-f]+/0x[0-9a-f]+/\\d+\\)$"),
            Pattern.compile("^ Savefile contains xl domain config( in JSON format)?$"),
            Pattern.compile("^Parsing config from .+$"),
            Pattern.compile("^migration target( \\(.+\\))?: .*(Failover for domain|Failed to rename|Failed to"
                    + " unpause).*$"),
            // the text that follows "** Migration failed during final handshake **"
            Pattern.compile("^Domain state is now undefined !$"),
            Pattern.compile("^Please CHECK AT BOTH ENDS for running instances, before renaming and$"),
            Pattern.compile("^ resuming at most one instance\\.  Two simultaneous instances of the domain$"),
            Pattern.compile("^ would probably result in SEVERE DATA LOSS and it is now your$"),
            Pattern.compile("^ responsibility to avoid that\\.  Sorry\\.$"));

    private XlMessages() {
    }

    /** The meaning of one of xl's own lines, or null when it is none of them. */
    static Meaning of(String body) {
        for (Shape shape : SHAPES) {
            Matcher m = shape.pattern().matcher(body);
            if (m.matches()) {
                return shape.meaning();
            }
        }
        return null;
    }

    static boolean quiet(String body) {
        return QUIET.stream().anyMatch(p -> p.matcher(body).matches());
    }

    /** A line that begins like one of xl's migration lines but matches none of them: cut or garbled. */
    static boolean looksLikeMigrationLine(String body) {
        return body.startsWith("migration sender") || body.startsWith("migration target")
                || body.startsWith("Migration ") || body.startsWith("Saving to migration stream");
    }
}
