package io.migscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job, as a user runs it: the embedded stack, a simulated wave, live results, then PostgreSQL. */
class DemoCommandTest {

    @Test
    void demoRunsTheWholeChainAndReportsFromPostgres(@TempDir Path work) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            exit = Main.commandLine().execute("demo", "--duration", "30s", "--speed", "2", "--work-dir", work.toString(),
                    "--set", "http.port=0");
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        original.println(out);
        assertThat(exit).isZero();
        assertThat(out).containsPattern("web +http://localhost:\\d+ ");
        assertThat(out).contains("start-up: ").contains("from launch to the first record processed");
        assertThat(out).containsPattern("ALERT +NON_CONVERGING +demo-\\d{6}-w1-mig-000002");
        assertThat(out).containsPattern("demo-\\d{6}-w1-mig-000001 +vm-00001 .* completed");
        assertThat(out).contains("Results in PostgreSQL").containsPattern("completed +\\d+ ");
        assertThat(out).contains("Fleet rollup").contains("fleet=all");
        assertThat(out).containsPattern("demo-\\d{6}-w1: 24 VMs in");
    }
}
