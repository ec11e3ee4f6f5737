package io.migscope.producers.source.xen;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationPhase;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The xensource.log messages of a XenServer / XCP-ng migration and the task states of {@code xe task-list}, mapped
 * to what they mean: xapi's adapter. The phases here are the canonical ones nothing downstream re-derives.
 *
 * <p>Where each message is written (xapi-project/xen-api @ e2ee48d6883e0b98c4d219d3f0778a10c6655607):
 * <ul>
 * <li>{@code VM.pool_migrate: VM = '...'; host = '...'}, {@code VM.migrate_send: VM = '...'} and
 * {@code VM.pool_migrate_complete: VM = ...}: ocaml/xapi/message_forwarding.ml, on the pool master, through the audit
 * logger, when the request arrives;</li>
 * <li>{@code xenops: VM.migrate UUID to URL}, {@code xenops: VM.migrate UUID: caught EXN},
 * {@code xenops: Migration cancelled by user.}, {@code xenops: will retry migration: ...},
 * {@code VM REF migrated from REF to REF - detaching VM's network at source} and {@code VM.pool_migrate_complete
 * UUID}: ocaml/xapi/xapi_vm_migrate.ml, on the source (the last on the destination);</li>
 * <li>{@code VM = UUID; domid = N; progress = P / 100}, {@code ...; message from emu-manager: suspend:},
 * {@code ...; emu-manager completed successfully} and {@code ...; emu-manager failed: "..."}:
 * ocaml/xenopsd/xc/domain.ml {@code suspend_emu_manager} (the message text from emu_manager.ml
 * {@code string_of_message}), on the source;</li>
 * <li>{@code VM.migrate ID -> URL} and {@code VM.unpause UUID}: ocaml/xenopsd/lib/xenops_server.ml; the unpause of
 * a migration task runs on the destination once the memory and devices are there.</li>
 * </ul>
 * The suspend request is when the guest stops for the last copy (the switchover); the unpause is when it runs again.
 * emu-manager's progress is its own percentage of the stream, not a share of memory, so it stays in the detail.
 */
final class XapiMessages {

    static final String SOURCE = "source";
    static final String DESTINATION = "destination";
    private static final String UUID = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";
    /** A VM or host as message_forwarding prints it: the uuid and the name in brackets on the master, else a ref. */
    private static final String OBJECT = "([0-9a-f-]{36}|OpaqueRef:[0-9a-f-]+)(?: \\((.*)\\))?";

    /**
     * What one message means. {@code kind} null: the line names the task's VM but makes no event. {@code vm} and
     * {@code peer} (the other host) are read from the message where it has them.
     */
    record Meaning(EventKind kind, String role, MigrationPhase phase, String status, String vm, String peer,
                   String failure) {
    }

    private record Shape(Pattern pattern, Function<Matcher, Meaning> meaning) {
    }

    private static Shape shape(String regex, Function<Matcher, Meaning> meaning) {
        return new Shape(Pattern.compile("^" + regex + "$"), meaning);
    }

    private static final List<Shape> SHAPES = List.of(
            shape("VM\\.pool_migrate: VM = '" + OBJECT + "'; host = '" + OBJECT + "'",
                    m -> new Meaning(EventKind.REQUESTED, null, MigrationPhase.REQUESTED, "requested", m.group(1),
                            named(m.group(3), m.group(4)), null)),
            shape("VM\\.migrate_send: VM = '" + OBJECT + "'",
                    m -> new Meaning(EventKind.REQUESTED, null, MigrationPhase.REQUESTED, "requested", m.group(1),
                            null, null)),
            // xapi hands the VM to xenopsd, which streams its memory while it runs
            shape("xenops: VM\\.migrate " + UUID + " to (\\S+)",
                    m -> new Meaning(EventKind.PHASE, SOURCE, MigrationPhase.PRECOPY, "sending", m.group(1),
                            urlHost(m.group(2)), null)),
            shape("VM\\.migrate " + UUID + " -> (\\S+)",
                    m -> new Meaning(EventKind.PHASE, SOURCE, MigrationPhase.PRECOPY, "sending", m.group(1),
                            urlHost(m.group(2)), null)),
            shape("VM = " + UUID + "; domid = \\d{1,9}; progress = (\\d{1,3}) / 100",
                    m -> progress(m.group(1), m.group(2))),
            shape("VM = " + UUID + "; domid = \\d{1,9}; message from emu-manager: suspend:",
                    m -> new Meaning(EventKind.STOP, SOURCE, MigrationPhase.SWITCHOVER, "suspended", m.group(1), null,
                            null)),
            shape("VM = " + UUID + "; domid = \\d{1,9}; emu-manager completed successfully",
                    m -> new Meaning(EventKind.STATUS, SOURCE, null, "sent", m.group(1), null, null)),
            shape("VM = " + UUID + "; domid = \\d{1,9}; emu-manager failed: \"(.*)\"",
                    m -> new Meaning(EventKind.STATUS, SOURCE, MigrationPhase.FAILED, "failed", m.group(1), null,
                            m.group(2))),
            shape("VM\\.unpause " + UUID,
                    m -> new Meaning(EventKind.RESUME, DESTINATION, MigrationPhase.RESUMED, "unpaused", m.group(1),
                            null, null)),
            shape("VM (OpaqueRef:[0-9a-f-]+) migrated from OpaqueRef:[0-9a-f-]+ to OpaqueRef:[0-9a-f-]+ - detaching"
                    + " VM's network at source",
                    m -> new Meaning(EventKind.STATUS, SOURCE, null, "migrated", null, null, null)),
            shape("VM\\.pool_migrate_complete: VM = '" + OBJECT + "'; host = '" + OBJECT + "'",
                    m -> new Meaning(EventKind.STATUS, null, MigrationPhase.COMPLETED, "completed", m.group(1),
                            named(m.group(3), m.group(4)), null)),
            shape("VM\\.pool_migrate_complete " + UUID,
                    m -> new Meaning(EventKind.STATUS, DESTINATION, MigrationPhase.COMPLETED, "completed",
                            m.group(1), null, null)),
            shape("xenops: VM\\.migrate " + UUID + ": caught (.+)",
                    m -> new Meaning(EventKind.STATUS, SOURCE, MigrationPhase.FAILED, "failed", m.group(1), null,
                            m.group(2))),
            shape("xenops: Migration cancelled by user\\.",
                    m -> new Meaning(EventKind.STATUS, SOURCE, MigrationPhase.CANCELLED, "cancelled", null, null,
                            null)),
            shape("xenops: will retry migration: caught (.+) from (.*) in attempt \\d{1,4} of \\d{1,4}\\.",
                    m -> new Meaning(EventKind.STATUS, SOURCE, null, "retrying", null, null, null)),
            // older xapi, before it hands the VM to xenopsd: names the VM, makes no event
            shape("suppressing xenops events on VM: " + UUID,
                    m -> new Meaning(null, null, null, null, m.group(1), null, null)));

    /** Starts of the messages above: a line that starts so but matches none of them is cut or garbled. */
    private static final List<String> STARTS = List.of("VM.pool_migrate:", "VM.migrate_send:", "xenops: VM.migrate ",
            "VM.pool_migrate_complete", "xenops: Migration cancelled", "xenops: will retry migration");
    private static final Pattern XENOPSD_START = Pattern.compile("^VM = [^;]*; domid = [^;]*; (progress = |message"
            + " from emu-manager: suspend|emu-manager (completed|failed))");
    private static final Pattern SESSION = Pattern.compile("session_id=[^&\\s]+");

    private XapiMessages() {
    }

    /** The meaning of a message logged under a migration task, or null for one that says nothing about it. */
    static Meaning of(String message) {
        for (Shape shape : SHAPES) {
            Matcher m = shape.pattern().matcher(message);
            if (m.matches()) {
                return shape.meaning().apply(m);
            }
        }
        return null;
    }

    static boolean looksLikeMigrationMessage(String message) {
        return STARTS.stream().anyMatch(message::startsWith) || XENOPSD_START.matcher(message).find();
    }

    /** The xenops URL carries the session: a credential that must not leave the host in a detail. */
    static String redact(String message) {
        return SESSION.matcher(message).replaceAll("session_id=<redacted>");
    }

    /**
     * The phase a task's end status marks (task_status_type: pending, success, failure, cancelling, cancelled), or
     * null while it runs.
     */
    static MigrationPhase endPhase(String status) {
        return switch (status) {
            case "success" -> MigrationPhase.COMPLETED;
            case "failure" -> MigrationPhase.FAILED;
            case "cancelled" -> MigrationPhase.CANCELLED;
            case "pending", "cancelling" -> null;
            default -> throw new IllegalArgumentException("unknown task status '" + status + "'");
        };
    }

    private static Meaning progress(String vm, String percent) {
        int p = Integer.parseInt(percent);
        if (p > 100) {
            throw new IllegalArgumentException("progress above 100 (" + p + ")");
        }
        return new Meaning(EventKind.PROGRESS, SOURCE, null, "progress " + p + "%", vm, null, null);
    }

    /** The host's name where the master printed it, else its uuid or ref. */
    private static String named(String id, String name) {
        return name == null || name.isEmpty() ? id : name;
    }

    private static String urlHost(String url) {
        try {
            return new URI(url).getHost();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("xenops URL is not a URL: '" + redact(url) + "'");
        }
    }
}
