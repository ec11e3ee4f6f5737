package io.migscope.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.yaml's load_profile: what the guests ran, on a source's events or a declared migration's. */
class LoadProfileManifestTest {
    private static final long T0 = 1_793_613_600_000_000L;

    private static String event(String vm, long atUs, String load) {
        return RecordsFormat.line(MigrationEvent.newBuilder().setEventId(vm + atUs).setEventTimeUs(atUs)
                .setPlatform(Platform.QEMU).setSourceFormat("qmp").setKind(EventKind.STATUS).setVm(vm)
                .setStatus("active").setLoadProfile(load).build());
    }

    @Test
    void aSourceLabelsItsEventsAndADeclarationItsMigrationsWithoutOverridingALabelAnEventCarries(@TempDir Path dir)
            throws Exception {
        Files.write(dir.resolve("a.jsonl"), List.of(event("vm-a", T0, null), event("vm-a", T0 + 1, "CLG 50%")));
        Files.write(dir.resolve("b.jsonl"), List.of(event("vm-b", T0 + 2, null)));
        Files.writeString(dir.resolve("run.yaml"), """
                name: labels
                sources:
                  - {format: records, file: a.jsonl, load_profile: DPG 64 MiB}
                  - {format: records, file: b.jsonl}
                migrations:
                  - {id: mig-b, vm: vm-b, load_profile: idle}
                """);
        RunInputs inputs = RunInputs.read(RunManifest.load(dir));
        assertThat(inputs.rejections()).isEmpty();
        List<String> labels = inputs.records().stream().map(r -> (MigrationEvent) r.value())
                .map(e -> e.getVm() + " " + e.getPlatform() + " " + e.getLoadProfile()).toList();
        assertThat(labels).containsExactly("vm-a QEMU DPG 64 MiB", "vm-a QEMU CLG 50%", "vm-b QEMU idle",
                "vm-b DECLARED idle");
    }

    @Test
    void aMisspeltLabelIsAnUnknownField(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a.jsonl"), List.of(event("vm-a", T0, null)));
        Files.writeString(dir.resolve("run.yaml"), """
                name: labels
                sources:
                  - {format: records, file: a.jsonl, load: DPG 64 MiB}
                """);
        assertThatThrownBy(() -> RunManifest.load(dir)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("sources[0].load: unknown field").hasMessageContaining("load_profile");
    }
}
