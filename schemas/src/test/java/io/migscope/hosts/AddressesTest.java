package io.migscope.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void ipv6IsWrittenAsInetNtopWritesIt() {
        // RFC 5952 section 4: the longest zero run, the first on a tie, never a single group; lower case.
        assertThat(Addresses.canonical("FD00:0:0:0:0:0:0:11")).isEqualTo("fd00::11");
        assertThat(Addresses.canonical("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Addresses.canonical("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Addresses.canonical("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(Addresses.canonical("::1")).isEqualTo("::1");
        assertThat(Addresses.canonical("[fe80::1]")).isEqualTo("fe80::1");
    }

    @Test
    void ipv4IsStrictAndNamesAreNotAddresses() {
        assertThat(Addresses.canonical("10.213.9.1")).isEqualTo("10.213.9.1");
        assertThat(Addresses.canonical("10.1")).isNull();
        assertThat(Addresses.canonical("256.0.0.1")).isNull();
        assertThat(Addresses.canonical("node-1")).isNull();
        assertThat(Addresses.canonical("fd00::zz")).isNull();
        assertThat(Addresses.canonical("")).isNull();
        assertThat(Addresses.isWildcard(Addresses.canonical("0.0.0.0"))).isTrue();
        assertThat(Addresses.isWildcard(Addresses.canonical("[::]"))).isTrue();
    }

    @Test
    void anyIpv6AddressReadsBackToTheSameBytesAndIsAlreadyCanonical() throws Exception {
        Random random = new Random(21);
        for (int i = 0; i < 2_000; i++) {
            byte[] b = new byte[16];
            random.nextBytes(b);
            // Zero runs are where compression goes wrong: blank a random stretch of groups.
            int from = random.nextInt(8);
            int to = from + random.nextInt(8 - from + 1);
            for (int g = from; g < to; g++) {
                b[2 * g] = 0;
                b[2 * g + 1] = 0;
            }
            b[0] = (byte) (b[0] | 0x20); // never an IPv4-mapped address
            String full = InetAddress.getByAddress(b).getHostAddress();
            String c = Addresses.canonical(full);
            assertThat(InetAddress.getByName("[" + c + "]").getAddress()).as(full).isEqualTo(b);
            assertThat(Addresses.canonical(c)).as(full).isEqualTo(c);
            assertThat(c).doesNotContain(":::").doesNotContainPattern("(^|:)0[0-9a-f]");
        }
    }
}
