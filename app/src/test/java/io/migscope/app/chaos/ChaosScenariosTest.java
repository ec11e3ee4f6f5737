package io.migscope.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every chaos scenario in its quick form, on a stack of its own (the scenarios restart the broker and stop
 * PostgreSQL, which the shared fixture's other tests must never see). The clean reference run is made once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChaosScenariosTest {
    private Chaos chaos;

    @BeforeAll
    void start() throws Exception {
        chaos = Chaos.start(Files.createTempDirectory("migscope-chaos-test-"), true);
    }

    @AfterAll
    void stop() throws Exception {
        Path dir = chaos.stack().kafka().dataDir().getParent().getParent();
        chaos.close();
        if (System.getenv("CHAOS_KEEP_DIR") == null) {
            org.apache.kafka.common.utils.Utils.delete(dir.toFile());
        } else {
            System.err.println("chaos directory kept (CHAOS_KEEP_DIR): " + dir);
        }
    }

    @Test
    void brokerRestartsLoseNothing() throws Exception {
        ChaosReport r = chaos.run(new BrokerRestart());
        assertDelivered(r, 0);
        assertThat(r.notes()).anyMatch(n -> n.contains("hard broker restart"));
    }

    @Test
    void databaseOutageLeavesEveryRowOnce() throws Exception {
        ChaosReport r = chaos.run(new DbOutage());
        assertDelivered(r, 0);
        assertThat(chaos.reference().rows("migrations")).isEqualTo(chaos.reference().keys("summaries"));
        assertThat(r.notes()).as("the sink saw the outage").anyMatch(n -> n.startsWith("+") && n.contains("sink:")
                && !n.contains("outages=0"));
    }

    @Test
    void collectorsSpoolThroughABrokerOutage() throws Exception {
        ChaosReport r = chaos.run(new CollectorOutage());
        assertDelivered(r, 0);
        assertThat(r.notes()).anyMatch(n -> n.contains("collector publisher") && !n.contains("spooled=0"));
    }

    @Test
    void killedStreamsProcessLosesAndDuplicatesNothing() throws Exception {
        ChaosReport r = chaos.run(new KillStreams());
        assertDelivered(r, 0);
        assertThat(r.notes()).filteredOn(n -> n.contains("SIGKILL")).hasSize(2);
        assertThat(r.notes()).filteredOn(n -> n.contains("RUNNING again")).hasSize(2);
    }

    @Test
    void twoInstancesWithOneKilledGiveTheSingleInstanceOutputs() throws Exception {
        ChaosReport r = chaos.run(new ScaleOut());
        assertDelivered(r, 0);
        assertThat(r.notes()).anyMatch(n -> n.contains("SIGKILL of streams-2"))
                .anyMatch(n -> n.contains("streams-2 RUNNING again"));
    }

    @Test
    void poisonGoesToTheDeadLettersAndChangesNothingElse() throws Exception {
        ChaosReport r = chaos.run(new Poison());
        assertDelivered(r, r.dlqExpected());
        assertThat(r.dlqExpected()).isGreaterThanOrEqualTo(20);
        // The duplicate storm (ten copies of the records encoding the last 40 inputs) reached the input beside the
        // bad records.
        long copies = r.notes().stream().map(STORM::matcher).filter(java.util.regex.Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).findFirst().orElse(0);
        assertThat(copies).isGreaterThanOrEqualTo(10 * 4);
        assertThat(r.recordsIn()).isGreaterThan(chaos.input().size() + copies);
        assertThat(r.deadLetters()).anyMatch(d -> d.startsWith("parse: "))
                .anyMatch(d -> d.startsWith("deserialize: "))
                .anyMatch(d -> d.contains("implausible VmSignal: rtt_us -5"))
                .anyMatch(d -> d.contains("implausible LinkSample: bytes_sent"))
                .anyMatch(d -> d.startsWith("late: "));
    }

    private static final java.util.regex.Pattern STORM =
            java.util.regex.Pattern.compile("(\\d+) duplicates of the last 40 records published");

    private void assertDelivered(ChaosReport r, long dlq) throws Exception {
        assertThat(r.error()).isNull();
        assertThat(r.differences()).isEmpty();
        assertThat(r.result()).isEqualTo(ChaosReport.DELIVERED);
        assertThat(r.recordsIn()).isGreaterThanOrEqualTo(chaos.input().size());
        assertThat(r.lost()).isZero();
        assertThat(r.duplicated()).isZero();
        assertThat(r.mismatched()).isZero();
        assertThat(r.dlq()).isEqualTo(dlq);
        assertThat(chaos.reference().keys("summaries")).isEqualTo(chaos.input().spec().vms());
    }
}
