package io.migscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A bad manifest fails before anything starts or is published, naming the entry and the field (exit 2). */
class ReplayCommandTest {

    @Test
    void unknownFormatNamesTheEntry(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("a.log"), "x\n");
        Files.writeString(run.resolve("run.yaml"), """
                name: bad-run
                sources:
                  - {format: ping, file: a.log, vm: vm-a}
                  - {format: tcpdump, file: a.log}
                """);
        assertThat(replay(run)).contains("sources[1].format: unknown format 'tcpdump'");
    }

    @Test
    void missingFileBadTimestampAndMissingFieldAreNamed(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("run.yaml"), "name: r\nsources:\n  - {format: ping, file: nope.log, vm: v}\n");
        assertThat(replay(run)).contains("sources[0].file: cannot read").contains("nope.log");

        Files.writeString(run.resolve("a.log"), "x\n");
        Files.writeString(run.resolve("run.yaml"), """
                name: r
                sources: [{format: iftop, file: a.log, started_at: "yesterday"}]
                """);
        assertThat(replay(run)).contains("sources[0].started_at: bad timestamp 'yesterday'");

        Files.writeString(run.resolve("run.yaml"), """
                name: r
                sources: [{format: ping, file: a.log, vm: v}]
                migrations: [{vm: v, requested_at: "2026-11-02T10:00:01Z", outcome: completed}]
                """);
        assertThat(replay(run)).contains("migrations[0].id: missing");

        // A manifest that contradicts itself still fails before anything is published.
        Files.writeString(run.resolve("run.yaml"), """
                name: r
                sources: [{format: ping, file: a.log, vm: v}]
                migrations: [{id: m1, vm: v, requested_at: "2026-11-02T10:00:01Z", completed_at: "2026-11-02T09:00:00Z"}]
                """);
        assertThat(replay(run)).contains("migrations[0].completed_at: 2026-11-02T09:00:00Z is before requested_at");

        Files.writeString(run.resolve("run.yaml"), """
                name: r
                sources: [{format: ping, file: a.log, vm: v}]
                migrations: [{id: m1, vm: v}, {id: m2, vm: v, requested_at: "2026-11-02T10:00:01Z"}]
                """);
        assertThat(replay(run)).contains("migrations[0].requested_at: missing; v is declared more than once");

        Files.writeString(run.resolve("run.yaml"), """
                name: r
                sources: [{format: ping, file: a.log, vm: v}]
                migrations: [{id: m1, vm: v, outcome: finished}]
                """);
        assertThat(replay(run)).contains("migrations[0].outcome: 'finished'; expected one of");

        Files.writeString(run.resolve("run.yaml"), "name: r\nsources: [{format: qmp, file: a.log}]\n");
        assertThat(replay(run)).contains("sources[0].vm: missing");
    }

    private static String replay(Path run) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute("replay", "--no-progress", run.toString());
        assertThat(exit).as(err.toString()).isEqualTo(Main.EXIT_USAGE);
        return err.toString();
    }
}
