package io.migscope.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * A run's {@code hosts:} reach the streams application of its replay: the real QEMU migration across a veth pair
 * (producers samples/wire-lab/one: QMP of both ends and iftop on the source's end, as the collectors recorded them)
 * replayed with its manifest's hosts, once right and once giving the destination's address to a third host.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class WireReplayTest {
    private static final Path ONE = Path.of("../producers/src/test/resources/samples/wire-lab/one");
    /** QEMU's final ram.transferred in qmp-src-0.rec. */
    private static final long TRANSFERRED = 33_011_400L;

    @Test
    void theRunsHostsPlaceItsIftopBytes(KafkaStack stack, EmbeddedDatabase db, @TempDir Path tmp) throws Exception {
        MigrationSummary s = replay(stack, db, tmp, "node-a: [10.213.248.1]\n  node-b: [10.213.248.2]");
        assertThat(s.getSourceHost()).isEqualTo("node-a");
        assertThat(s.getTargetHost()).isEqualTo("node-b");
        assertThat((double) s.getWireBytes()).isCloseTo(TRANSFERRED, within(TRANSFERRED * 0.05));
        assertThat(s.getWireBytesRatio()).isCloseTo(1.0, within(0.05));
        assertThat(s.getFlags()).noneMatch(f -> f.contains("inventory"));
    }

    @Test
    void evidenceTheRunsHostsContradictIsFlaggedAndNotUsed(KafkaStack stack, EmbeddedDatabase db, @TempDir Path tmp)
            throws Exception {
        MigrationSummary s = replay(stack, db, tmp, "node-c: [10.213.248.2]");
        assertThat(s.getFlags()).anySatisfy(f -> assertThat(f).contains("qmp migrate uri").contains("10.213.248.2")
                .contains("hosts.node-c.addresses").contains("the inventory wins"));
        assertThat(s.getWireBytes()).as("10.213.248.2 is node-c's: no flow reaches node-b").isNull();
    }

    private static MigrationSummary replay(KafkaStack stack, EmbeddedDatabase db, Path tmp, String hosts)
            throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        for (String f : List.of("qmp-src-0.rec", "qmp-dst-0.rec", "iftop.rec")) {
            Files.copy(ONE.resolve(f), run.resolve(f));
        }
        Files.writeString(run.resolve("run.yaml"), """
                name: wire-veth
                sources:
                  - {format: qmp, file: qmp-src-0.rec, vm: vm-0, host: node-a, role: source}
                  - {format: qmp, file: qmp-dst-0.rec, vm: vm-0, host: node-b, role: destination}
                  - {format: iftop, file: iftop.rec, host: node-a, iface: veth}
                hosts:
                  %s
                """.formatted(hosts));
        RunManifest m = RunManifest.load(run);
        RunInputs inputs = RunInputs.read(m);
        assertThat(inputs.rejections()).isEmpty();
        ReplayOutputs out = ReplayRun.run(MigscopeConfig.defaults(), m, inputs,
                ReplayRun.Names.of(m, "w" + System.nanoTime()), new ReplayRun.Settings(stack.bootstrapServers(),
                        stack.registryUrl(), db.dataSource(), tmp.resolve("state"), "max", false));
        assertThat(out.summaries()).hasSize(1);
        return out.summaries().get(0);
    }
}
