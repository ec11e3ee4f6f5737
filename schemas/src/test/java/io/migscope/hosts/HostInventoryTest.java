package io.migscope.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migscope.config.ConfigException;
import io.migscope.config.MigscopeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostInventoryTest {

    @Test
    void hostsAreNamedWithSeveralAddressesInAnyTextFormAndNamesMayHoldDots(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("migscope.properties");
        Files.writeString(file, "hosts.node-1.addresses=10.0.3.11, FD00:0:0::11\nhosts.node-2.lab.addresses=10.0.3.12\n");
        HostInventory inv = HostInventory.from(MigscopeConfig.builder().file(file).build());
        assertThat(inv.hostOf("10.0.3.11")).isEqualTo("node-1");
        assertThat(inv.hostOf("fd00::11")).isEqualTo("node-1");
        assertThat(inv.hostOf("[fd00:0000::0011]")).isEqualTo("node-1");
        assertThat(inv.hostOf("10.0.3.12")).isEqualTo("node-2.lab");
        assertThat(inv.hostOf("10.0.3.13")).as("an address no host claims").isNull();
        assertThat(inv.hostOf("node-1")).as("a name is not an address").isNull();
        assertThat(inv.addressesOf("node-1")).containsExactly("10.0.3.11", "fd00::11");
    }

    @Test
    void aBadAddressFailsAtStartNamingTheKeyAndTheEntry() {
        assertThatThrownBy(() -> MigscopeConfig.builder().set("hosts.node-1.addresses", "10.0.3.11,10.0.3.300").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("'hosts.node-1.addresses'")
                .hasMessageContaining("'10.0.3.300' is not an IP address");
        assertThatThrownBy(() -> MigscopeConfig.builder().set("hosts.node-1.addresses", "node-1.lab").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("'node-1.lab' is not an IP address");
    }

    @Test
    void anAddressClaimedByTwoHostsFailsNamingBothKeys() {
        assertThatThrownBy(() -> MigscopeConfig.builder().set("hosts.a.addresses", "10.0.3.11")
                .set("hosts.b.addresses", "10.0.3.12,10.0.3.11").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("hosts.a.addresses")
                .hasMessageContaining("hosts.b.addresses").hasMessageContaining("10.0.3.11");
    }

    @Test
    void withoutHostKeysTheInventoryIsEmpty() {
        assertThat(HostInventory.from(MigscopeConfig.defaults()).isEmpty()).isTrue();
        assertThat(HostInventory.from(MigscopeConfig.builder().build().with(Map.of("hosts.x.addresses", "::1")))
                .addressesOf("x")).isEqualTo(List.of("::1"));
    }
}
