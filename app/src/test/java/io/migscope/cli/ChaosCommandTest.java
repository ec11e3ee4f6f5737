package io.migscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The scenarios themselves run in ChaosScenariosTest; here only what needs no stack. */
class ChaosCommandTest {

    @Test
    void anUnknownScenarioIsAUsageError() {
        assertThat(Main.commandLine().execute("chaos", "--scenario", "nope")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void helpListsTheOptions() {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new java.io.PrintWriter(out));
        assertThat(cl.execute("chaos", "--help")).isZero();
        assertThat(out.toString()).contains("--scenario", "--quick", "--json", "ALL-RECORDS-DELIVERED");
    }
}
