package io.migscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ParseCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void cleanInputExitsZeroWithOneJsonLinePerRecord(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ping.log");
        Files.writeString(f, "[1714557600.000345] 64 bytes from 10.0.0.5: icmp_seq=1 ttl=64 time=0.345 ms\n"
                + "[1714557600.100412] 64 bytes from 10.0.0.5: icmp_seq=2 ttl=64 time=0.401 ms\n");
        assertThat(run("parse", "ping", "--vm", "vm-a", f.toString())).isZero();
        assertThat(out.toString().lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{\"vm\":\"vm-a\""));
        assertThat(out.toString()).contains("\"seq_raw\":2").contains("\"rtt_us\":401");
        assertThat(err.toString()).contains("parsed 2 records from 2 lines; 0 rejected");
    }

    @Test
    void rejectedLinesGoToStderrWithFileAndLineAndExitThree(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ping.log");
        Files.writeString(f, "[1714557600.000345] 64 bytes from 10.0.0.5: icmp_seq=1 ttl=64 time=0.345 ms\n"
                + "garbage here\n");
        assertThat(run("parse", "ping", "--vm", "vm-a", f.toString())).isEqualTo(Main.EXIT_REJECTED);
        assertThat(err.toString()).contains(f + ":2: ");
        assertThat(out.toString().lines()).hasSize(1);
    }

    @Test
    void unknownFormatIsAUsageError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.log");
        Files.writeString(f, "x\n");
        assertThat(run("parse", "tcpdump", f.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("tcpdump");
    }

    @Test
    void unknownConfigurationKeyFailsFastNamingIt() {
        assertThat(run("registry", "--set", "topics.prefx=x", "--bootstrap", "127.0.0.1:1")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("'topics.prefx'");
    }
}
