package io.migscope.producers.source.ping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The position-based reader and the regex read every reply line the same way, or the fast one declines it. */
class ReplyLineProperties {

    @Property(tries = 2000)
    void fastPathAgreesWithTheRegex(@ForAll("replyLines") String line) {
        ReplyLine fast = ReplyLine.fast(line);
        Matcher m = PingParser.REPLY.matcher(line);
        if (fast == null) {
            return;
        }
        assertThat(m.matches()).as("the regex accepts what the fast path accepts: %s", line).isTrue();
        long stamp = Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(m.group(2));
        assertThat(fast).isEqualTo(ReplyLine.fromRegex(m, stamp));
    }

    @Property(tries = 500)
    void theCommonShapeTakesTheFastPath(@ForAll("plainReplies") String line) {
        assertThat(ReplyLine.fast(line)).as(line).isNotNull();
    }

    @Provide
    Arbitrary<String> plainReplies() {
        return Combinators.combine(Arbitraries.longs().between(946_684_800L, 4_000_000_000L),
                Arbitraries.integers().between(0, 999_999), Arbitraries.integers().between(0, 65_535),
                Arbitraries.integers().between(1, 255), Arbitraries.integers().between(0, 99_999))
                .as((s, u, seq, ttl, rtt) -> String.format("[%d.%06d] 64 bytes from 10.0.0.5: icmp_seq=%d ttl=%d time=%d.%03d ms",
                        s, u, seq, ttl, rtt / 1000, rtt % 1000));
    }

    @Provide
    Arbitrary<String> replyLines() {
        Arbitrary<String> time = Arbitraries.of("0.345", "12.3", "1234", "0.0451", "7.50", "x.1", ".5", "3.", "1e3");
        Arbitrary<String> addr = Arbitraries.of("10.0.0.5", "fe80::1", "vm-a (10.0.0.5)", "a b", "10.0.0.5)", "");
        Arbitrary<String> flag = Arbitraries.of("", " (DUP!)", " (BAD CHECKSUM!)", " (DIFFERENT ADDRESS!)", " (DUP)", "  ");
        Arbitrary<String> seq = Arbitraries.of("1", "65535", "65536", "0099", "-1", "+5", "");
        Arbitrary<String> stamp = Arbitraries.of("[1714557600.000345]", "[1714557600.00034]", "[946684800.000001]",
                "[17145576000.123456]", "[+714557600.000345]", "1714557600.000345");
        return Combinators.combine(stamp, addr, seq, Arbitraries.of("64", "1", "256", "x"), time, flag)
                .as((st, a, s, ttl, t, f) -> st + " 64 bytes from " + a + ": icmp_seq=" + s + " ttl=" + ttl
                        + " time=" + t + " ms" + f);
    }
}
