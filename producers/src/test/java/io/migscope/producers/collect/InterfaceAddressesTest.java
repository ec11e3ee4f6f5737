package io.migscope.producers.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migscope.producers.parse.Collected;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@code ip -j addr show dev IFACE} as iproute2 6.1.0 printed it for a veth end (samples/ip-addr/README.md). */
class InterfaceAddressesTest {
    private static final String REAL = String.join("\n", Collected.sample("ip-addr/veth-v4-v6.json"));

    @Test
    void everyAddressOfTheInterfaceInIproute2sOrder() {
        assertThat(InterfaceAddresses.parse(REAL))
                .containsExactly("10.213.77.1", "fd00::11", "fe80::f452:69ff:fe5a:6160");
    }

    @Test
    void notIproute2sJsonSaysWhatWasExpected() {
        assertThatThrownBy(() -> InterfaceAddresses.parse("Device \"eth9\" does not exist."))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ip -j addr");
        assertThatThrownBy(() -> InterfaceAddresses.parse("{}")).hasMessageContaining("list of links");
        assertThatThrownBy(() -> InterfaceAddresses.parse(REAL.replace("10.213.77.1", "10.213.77.300")))
                .hasMessageContaining("not an IP address");
    }

    @Property(tries = 300)
    void mutatedOutputIsReadOrRefusedWithAReason(@ForAll("mutated") String text) {
        try {
            assertThat(InterfaceAddresses.parse(text)).allSatisfy(a -> assertThat(a).isNotBlank());
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> mutated() {
        return Combinators.combine(Arbitraries.integers().between(0, REAL.length()),
                Arbitraries.integers().between(0, 40), Arbitraries.of("", "\"", "[", "}", "-1", "::", "null", "1e309",
                        "\"local\":7", "999.1.1.1")).as((at, cut, insert) -> REAL.substring(0, at) + insert
                + REAL.substring(Math.min(REAL.length(), at + cut)));
    }
}
