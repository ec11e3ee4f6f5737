package io.migscope.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.MigrationSummary;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedDatabase;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user does with a folder of real libvirt logs (the lab captures: {@code virsh event} and a
 * {@code virsh domjobinfo} poll loop from both hosts) and a two-line declaration: {@code migrate replay} names the
 * migration after the declaration and fills in the rest from the logs, failed and aborted ones included, and a save in
 * the same folder makes no migration.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class DeclaredLabRunTest {
    private static final Path LAB = Path.of("../producers/src/test/resources/samples/libvirt-lab");

    @Test
    void aCompletedMigrationAndASaveWithATwoLineDeclaration(KafkaStack stack, EmbeddedDatabase db, @TempDir Path tmp)
            throws Exception {
        Path run = folder(tmp.resolve("run"), "completed", "save-restore");
        Files.writeString(run.resolve("run.yaml"), manifest("lab-completed", List.of("completed", "save-restore"))
                + "migrations:\n  - {id: change-4711, vm: lab-completed}\n");
        List<MigrationSummary> summaries = replay(stack, db, run, tmp.resolve("out"));

        assertThat(summaries).as("the save is a job, not a migration").singleElement().satisfies(s -> {
            assertThat(s.getMigrationId()).isEqualTo("change-4711");
            assertThat(s.getOutcome()).isEqualTo("completed");
            assertThat(s.getPasses()).isPositive();
            assertThat(s.getSourceHost()).isEqualTo("hostA");
            assertThat(s.getTargetHost()).isEqualTo("hostB");
            assertThat(s.getReportedDowntimeMs()).isNotNull();
        });
    }

    @Test
    void anAbortedMigrationWithoutJobCompletedIsReportedAborted(KafkaStack stack, EmbeddedDatabase db,
                                                                @TempDir Path tmp) throws Exception {
        Path run = folder(tmp.resolve("run"), "aborted");
        Files.writeString(run.resolve("run.yaml"), manifest("lab-aborted", List.of("aborted"))
                + "migrations:\n  - {id: change-4712, vm: lab-aborted}\n");
        List<MigrationSummary> summaries = replay(stack, db, run, tmp.resolve("out"));

        assertThat(summaries).singleElement().satisfies(s -> {
            assertThat(s.getMigrationId()).isEqualTo("change-4712");
            assertThat(s.getOutcome()).isEqualTo("aborted");
            assertThat(s.getPasses()).isPositive();
        });
    }

    /** Each case's files of both hosts, copied under names that say the case and the host. */
    private static Path folder(Path run, String... cases) throws Exception {
        Files.createDirectories(run);
        for (String c : cases) {
            for (String host : List.of("hostA", "hostB")) {
                Files.copy(LAB.resolve(c).resolve("events-" + host + ".txt"), run.resolve(c + "-events-" + host + ".txt"));
                Files.copy(LAB.resolve(c).resolve("domjobinfo-" + host + ".txt"),
                        run.resolve(c + "-domjobinfo-" + host + ".txt"));
            }
        }
        return run;
    }

    /** What a user writes: each file with its host (and the VM for the poll loops, which do not name it). */
    private static String manifest(String name, List<String> cases) {
        StringBuilder b = new StringBuilder("name: " + name + "\nsources:\n");
        for (String c : cases) {
            String vm = c.equals("save-restore") ? "lab-save" : "lab-" + c;
            for (String host : List.of("hostA", "hostB")) {
                b.append("  - {format: virsh-event, file: ").append(c).append("-events-").append(host)
                        .append(".txt, host: ").append(host).append("}\n");
                b.append("  - {format: virsh-domjobinfo, file: ").append(c).append("-domjobinfo-").append(host)
                        .append(".txt, host: ").append(host).append(", vm: ").append(vm).append("}\n");
            }
        }
        return b.toString();
    }

    private static List<MigrationSummary> replay(KafkaStack stack, EmbeddedDatabase db, Path run, Path out)
            throws Exception {
        RunManifest m = RunManifest.load(run);
        RunInputs inputs = RunInputs.read(m);
        assertThat(inputs.rejections()).as("real captures parse cleanly").isEmpty();
        ReplayOutputs outputs = ReplayRun.run(MigscopeConfig.defaults(), m, inputs,
                ReplayRun.Names.of(m, "d" + System.nanoTime()), new ReplayRun.Settings(stack.bootstrapServers(),
                        stack.registryUrl(), db.dataSource(), out.resolve("state"), "max", false));
        outputs.write(out);
        return outputs.summaries();
    }
}
