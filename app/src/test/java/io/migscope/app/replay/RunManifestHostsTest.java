package io.migscope.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migscope.config.ConfigException;
import io.migscope.config.MigscopeConfig;
import io.migscope.hosts.HostInventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's {@code hosts:}: checked on load, and joining the configured inventory for the run. */
class RunManifestHostsTest {

    private static RunManifest load(Path dir, String hosts) throws Exception {
        Files.writeString(dir.resolve("iftop.txt"), "");
        Files.writeString(dir.resolve("run.yaml"), "name: wire\nsources:\n"
                + "  - {format: iftop, file: iftop.txt, host: node-1, started_at: \"2026-11-02T10:00:00Z\"}\n" + hosts);
        return RunManifest.load(dir);
    }

    @Test
    void hostsAreReadCanonicalAndBecomeConfigurationKeys(@TempDir Path dir) throws Exception {
        RunManifest m = load(dir, "hosts:\n  node-1: [10.0.3.11, \"FD00::11\"]\n  node-2.lab: [10.0.3.12]\n");
        assertThat(m.hosts()).isEqualTo(Map.of("node-1", List.of("10.0.3.11", "fd00::11"),
                "node-2.lab", List.of("10.0.3.12")));
        assertThat(m.hostKeys()).containsEntry("hosts.node-1.addresses", "10.0.3.11,fd00::11")
                .containsEntry("hosts.node-2.lab.addresses", "10.0.3.12");
        // The run's entry for a host replaces the configured one; the others stay.
        MigscopeConfig config = MigscopeConfig.builder().set("hosts.node-1.addresses", "192.168.0.1")
                .set("hosts.node-3.addresses", "10.0.3.13").build().with(m.hostKeys());
        HostInventory inventory = HostInventory.from(config);
        assertThat(inventory.hostOf("10.0.3.11")).isEqualTo("node-1");
        assertThat(inventory.hostOf("192.168.0.1")).isNull();
        assertThat(inventory.hostOf("10.0.3.13")).isEqualTo("node-3");
        assertThat(load(dir, "").hosts()).isEmpty();
    }

    @Test
    void aBadEntryFailsNamingIt(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, "hosts:\n  node-1: [10.0.3.11, node-2]\n"))
                .isInstanceOf(ManifestException.class).hasMessageContaining("hosts.node-1[1]")
                .hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> load(dir, "hosts:\n  node-1: 10.0.3.11\n"))
                .isInstanceOf(ManifestException.class).hasMessageContaining("hosts.node-1: expected a non-empty list");
        assertThatThrownBy(() -> load(dir, "hosts: [node-1]\n"))
                .isInstanceOf(ManifestException.class).hasMessageContaining("hosts: expected a mapping");
        assertThatThrownBy(() -> load(dir, "hosts:\n  node-1: [10.0.3.11]\n  node-2: [\"10.0.3.11\"]\n"))
                .isInstanceOf(ManifestException.class).hasMessageContaining("hosts.node-2[0]")
                .hasMessageContaining("node-1's already");
    }

    @Test
    void anAddressTheConfigurationGivesToAnotherHostFailsNamingBothKeys(@TempDir Path dir) throws Exception {
        RunManifest m = load(dir, "hosts:\n  node-1: [10.0.3.11]\n");
        MigscopeConfig config = MigscopeConfig.builder().set("hosts.other.addresses", "10.0.3.11").build();
        assertThatThrownBy(() -> config.with(m.hostKeys())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hosts.node-1.addresses").hasMessageContaining("hosts.other.addresses");
    }
}
