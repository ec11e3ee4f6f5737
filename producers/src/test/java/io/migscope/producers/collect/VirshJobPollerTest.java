package io.migscope.producers.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.source.libvirt.DomjobinfoParser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The poller driven by hand, with virsh replaced by the polls of a real run (samples/libvirt-lab/aborted, the
 * --rawstats loop of the source host): what it hands on must parse back into the same job, and it must stop at the
 * job's end.
 */
class VirshJobPollerTest {

    private static final String URI = "qemu+unix:///system?socket=/tmp/lab/hostA/run/libvirt-sock";

    /** The recorded polls after the job started: virsh's output of each, the date lines dropped. */
    private static Deque<List<String>> recordedPolls() {
        Deque<List<String>> polls = new ArrayDeque<>();
        List<String> current = null;
        for (String line : Collected.sample("libvirt-lab/aborted/domjobinfo-raw-hostA.txt")) {
            if (line.matches("\\d+\\.\\d{9}")) {
                current = new ArrayList<>();
                polls.add(current);
            } else {
                current.add(line);
            }
        }
        // before the domain exists virsh prints an empty line; before the migration, "Job type: 0"
        while (!polls.peekFirst().contains("Job type: 2")) {
            polls.removeFirst();
        }
        return polls;
    }

    @Test
    void pollsFromTheFirstIterationUntilTheJobEndsAndWhatItHandsOnParsesBack() {
        Deque<List<String>> polls = recordedPolls();
        int jobPolls = 0;
        for (List<String> p : polls) {
            jobPolls++;
            if (p.get(0).matches("Job type: [0345]")) {
                break;
            }
        }
        List<List<String>> commands = new ArrayList<>();
        List<String> handed = new ArrayList<>();
        VirshJobPoller poller = new VirshJobPoller(URI, domain -> (us, line) -> handed.add(line), command -> {
            commands.add(command);
            return polls.removeFirst();
        });
        poller.pollAll();
        assertThat(commands).as("nothing is polled before a job shows").isEmpty();
        LineSink events = poller.watching((us, line) -> { });
        events.accept(1L, "2026-12-07 17:32:00.623+0000: event 'lifecycle' for domain 'lab-aborted': Started Booted");
        assertThat(poller.active()).isEmpty();
        events.accept(2L, "2026-12-07 17:32:09.745+0000: event 'migration-iteration' for domain 'lab-aborted':"
                + " iteration: '1'");
        assertThat(poller.active()).containsExactly("lab-aborted");
        for (int i = 0; i < 100 && !poller.active().isEmpty(); i++) {
            poller.pollAll();
        }
        assertThat(commands).hasSize(jobPolls).allSatisfy(c -> assertThat(c)
                .containsExactly("virsh", "-c", URI, "domjobinfo", "--domain", "lab-aborted", "--rawstats"));

        ParseContext ctx = ParseContext.defaults("poller").withIdentity("lab-aborted", null, "hostA", "source")
                .withClock(Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC));
        Collected out = Collected.run(new DomjobinfoParser(ctx), handed);
        assertThat(out.rejections).isEmpty();
        List<MigrationEvent> parsed = out.of(MigrationEvent.class);
        assertThat(parsed).hasSize(jobPolls).extracting(MigrationEvent::getJob)
                .containsOnly(JobOperation.MIGRATION_OUT);
        assertThat(parsed.get(parsed.size() - 1).getStatus()).isEqualTo("Cancelled");
        // each poll's time is the date line written just before virsh ran, so the times rise
        assertThat(parsed).extracting(MigrationEvent::getEventTimeUs).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void theDateLineIsWhatDatePrints() {
        assertThat(VirshJobPoller.dateLine(1_796_664_735_582_645L)).isEqualTo("1796664735.582645000");
        assertThat(VirshJobPoller.dateLine(1_796_664_735_000_007L)).isEqualTo("1796664735.000007000");
    }
}
