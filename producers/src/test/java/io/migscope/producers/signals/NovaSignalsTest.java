package io.migscope.producers.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.ReactionMark;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.source.nova.NovaLogParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class NovaSignalsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LOG = Collected.sample("nova-log/nova-compute.log");

    private static List<MigrationEvent> nova(List<String> lines) {
        return Parsed.events(new NovaLogParser(Collected.context("nova-compute.log")
                .withIdentity(null, "os-1", "compute-1", "source")), lines);
    }

    /** The real live_migration_pre.start notification with another event type. */
    private static String notification(String eventType) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(LOG.get(10));
        json.put("event_type", eventType);
        return JSON.writeValueAsString(json);
    }

    @Test
    void everyLogLineAndNotificationOfTheSample() {
        List<MigrationEvent> events = nova(LOG);
        // progress, downtime step, timeout, post-copy switch, has completed, old progress, has aborted (nova's words
        // for libvirt's Failed job), was cancelled (libvirt's Cancelled: stopped by admin or nova's timeout abort),
        // live_migration_pre.start, live_migration_post.end
        assertThat(events).extracting(Parsed::phases).containsExactly("PRECOPY", "", "", "POSTCOPY", "~COMPLETED",
                "PRECOPY", "~FAILED", "~ABORTED", "SCHEDULING", "~COMPLETED");
        assertThat(events).extracting(Parsed::reactions).containsExactly("",
                "DOWNTIME_STEP:Increasing downtime to 50 ms after 0 sec elapsed time", "TIMEOUT", "POSTCOPY_SWITCH",
                "", "", "", "", "", "");
    }

    @Test
    void progressDatesPrecopyBackByTheSecondsItHasBeenRunning() {
        List<MigrationEvent> events = nova(LOG);
        // "Migration running for 5 secs" written at 10:00:05.317; "for 30 secs" at 14:02:33.915
        assertThat(events.get(0).getPhases()).extracting(PhaseMark::getAtUs)
                .containsExactly(events.get(0).getEventTimeUs() - 5_000_000L);
        assertThat(events.get(5).getPhases()).extracting(PhaseMark::getAtUs)
                .containsExactly(events.get(5).getEventTimeUs() - 30_000_000L);
        assertThat(events.get(1).getReactions()).extracting(ReactionMark::getAtUs)
                .containsExactly(events.get(1).getEventTimeUs());
    }

    @Test
    void abortRollbackAndForceCompleteNotifications() throws Exception {
        List<MigrationEvent> events = nova(List.of(notification("instance.live_migration_abort.start"),
                notification("instance.live_migration_abort.end"),
                notification("instance.live_migration_rollback.end"),
                notification("instance.live_migration_force_complete.start"),
                notification("instance.live_migration_post_dest.start")));
        assertThat(events).extracting(Parsed::phases).containsExactly("", "~ABORTED", "~FAILED", "", "");
        assertThat(events).extracting(Parsed::reactions).containsExactly("ABORT", "", "", "FORCE_COMPLETE", "");
    }
}
