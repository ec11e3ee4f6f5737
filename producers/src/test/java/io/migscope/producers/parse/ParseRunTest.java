package io.migscope.producers.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseRunTest {

    @TempDir
    Path dir;

    private Path write(String name, String sample) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, Collected.sample(sample));
        return file;
    }

    private static ParseContext context() {
        return Collected.context("-").withPing(null, 100_000L, 1_000_000L);
    }

    @Test
    void goodFileExitsZeroWithOneJsonObjectPerLine() throws Exception {
        Path file = write("ping.txt", "ping/wrap-late-dup.txt");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ParseRun.Result result = ParseRun.run("ping", context(), List.of(file.toString()), out, err);
        assertThat(result.exitCode()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(18);
        assertThat(new ObjectMapper().readTree(lines.get(0)).get("seq_raw").asInt()).isEqualTo(65534);
        assertThat(err.toString()).isEqualTo("parsed 18 records from 19 lines; 0 rejected\n");
    }

    @Test
    void rejectionsGoToTheOtherWriterAndExitThree() throws Exception {
        Path good = write("ping.txt", "ping/wrap-late-dup.txt");
        Path bad = write("garbage.txt", "ping/garbage.txt");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ParseRun.Result result = ParseRun.run("ping", context(), List.of(good.toString(), bad.toString()), out, err);
        assertThat(result.exitCode()).isEqualTo(ParseRun.EXIT_REJECTED);
        assertThat(result.rejected()).isEqualTo(6);
        List<String> errors = err.toString().lines().toList();
        assertThat(errors.get(0)).startsWith(bad + ":2: not a ping -D -O line (expected ");
        assertThat(errors.get(errors.size() - 1)).isEqualTo("parsed 19 records from 26 lines; 6 rejected");
    }

    @Test
    void usageErrorsThrowBeforeReading() {
        StringWriter sink = new StringWriter();
        assertThatThrownBy(() -> ParseRun.run("pong", context(), List.of("x"), sink, sink))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown format");
        assertThatThrownBy(() -> ParseRun.run("qmp", context(), List.of("x"), sink, sink))
                .hasMessageContaining("--vm");
        assertThatThrownBy(() -> ParseRun.run("ping", context(), List.of(dir.resolve("none").toString()), sink,
                sink)).hasMessageContaining("cannot read");
        assertThat(sink.toString()).isEmpty();
    }
}
