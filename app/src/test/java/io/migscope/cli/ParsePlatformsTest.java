package io.migscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code migscope parse} on the vSphere, Xen and guest-side fixtures, as a user would run it. */
class ParsePlatformsTest {
    private static final String SAMPLES = "../producers/src/test/resources/samples/";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void vsphereRealGovcOutput() {
        String file = SAMPLES + "vsphere/events-issue-2420.json";
        assertThat(run("parse", "vsphere", "--cluster", "vc-1", file)).isEqualTo(Main.EXIT_REJECTED);
        assertThat(out.toString().lines()).hasSize(2).allSatisfy(l -> assertThat(l)
                .contains("\"platform\":\"VSPHERE\"").contains("\"phase\":\"COMPLETED\""));
        assertThat(err.toString()).contains(file + ":1: not JSON (expected a govc -json value")
                .contains("parsed 2 records from 13 lines; 1 rejected");
    }

    @Test
    void xenXlNeedsTheVmAndThenReadsBothEnds() {
        String file = SAMPLES + "xen-xl/snow-deploy01.txt";
        assertThat(run("parse", "xen-xl", file)).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--vm");
        assertThat(run("parse", "xen-xl", "--vm", "deploy01", "--started-at", "2017-07-28T06:50:00Z", file)).isZero();
        assertThat(out.toString()).contains("\"platform\":\"XEN\"").contains("\"phase\":\"RESUMED\"")
                .contains("\"role\":\"destination\"");
    }

    @Test
    void xenXapiReadsTheLogAloneAndTaskRecordsWithTheVm() {
        String log = SAMPLES + "xen-xapi/xensource-issue-269.log";
        assertThat(run("parse", "xen-xapi", "--started-at", "2019-09-11T00:00:00Z", log)).isZero();
        assertThat(out.toString()).contains("\"platform\":\"XEN\"").contains("\"phase\":\"RESUMED\"")
                .contains("\"migration_id\":\"R:3e35c13ce76f\"");
        String tasks = SAMPLES + "xen-xapi/task-list.txt";
        assertThat(run("parse", "xen-xapi", tasks)).isEqualTo(Main.EXIT_REJECTED);
        assertThat(err.toString()).contains(tasks + ":1: an xe task record does not name its VM: give --vm");
        assertThat(run("parse", "xen-xapi", "--vm", "web-01", tasks)).isZero();
        assertThat(out.toString()).contains("\"phase\":\"COMPLETED\"");
    }

    @Test
    void demoRefusesAnUnknownProfileBeforeStartingAnything() {
        assertThat(run("demo", "--profile", "seed-003")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void guestperfAndGuestStress() {
        assertThat(run("parse", "guestperf", "--vm", "gp", SAMPLES + "guestperf/auto-converge.json")).isZero();
        assertThat(out.toString().lines().filter(l -> l.contains("\"ms_per_gb\""))).hasSize(25);
        assertThat(run("parse", "guest-stress", "--vm", "gp", SAMPLES + "guest-stress/stress.txt")).isZero();
        assertThat(err.toString()).contains("parsed 25 records from 26 lines; 0 rejected");
    }
}
