package io.migscope.signals;

import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;

/**
 * The migration's source and target host as an event names them: its own fields, else its observing host by the
 * role it was given or, for a job the source describes (libvirt runs the outgoing migration on the source and the
 * incoming one on the destination), by the job.
 */
public final class EventHosts {
    private EventHosts() {
    }

    public static String source(MigrationEvent e) {
        if (e.getSourceHost() != null) {
            return e.getSourceHost();
        }
        return "source".equals(e.getRole()) || e.getRole() == null && e.getJob() == JobOperation.MIGRATION_OUT
                ? e.getHost() : null;
    }

    public static String target(MigrationEvent e) {
        if (e.getTargetHost() != null) {
            return e.getTargetHost();
        }
        return "destination".equals(e.getRole()) || e.getRole() == null && e.getJob() == JobOperation.MIGRATION_IN
                ? e.getHost() : null;
    }
}
