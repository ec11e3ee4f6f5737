package io.migscope.app.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.migscope.avro.GuestSample;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Simulated records written as the tools print them, in the shapes of the parser fixtures under
 * producers/src/test/resources/samples (each shape's source is cited in the README there): ping -D -O, guest-stress
 * lines, govc's JSON (events as govc 0.34+ prints them one per line, tasks as Go's indented JSON), xensource.log
 * lines of a VM.pool_migrate, and JSON printed as Python's {@code json.dumps(indent=4)} for guestperf reports.
 */
final class ToolText {
    /** rsyslog's stamp: month, space-padded day, time; no year. */
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ToolText() {
    }

    /**
     * {@code ping -D -O -i 0.1 TARGET}: each reply stamped when it arrived, with the round trip as iputils prints it;
     * a probe without a reply is reported ({@code no answer yet}) when the next one is sent.
     */
    static String pingLog(String target, List<PingSample> probes) {
        List<long[]> order = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            PingSample p = probes.get(i);
            if (p.getStatus() == PingStatus.REPLY) {
                long rtt = p.getRttUs();
                add(order, lines, p.getSentTimeUs() + rtt, "64 bytes from " + target + ": icmp_seq=" + p.getSeqRaw()
                        + " ttl=63 time=" + rttMs(rtt) + " ms");
            } else if (i + 1 < probes.size()) {
                add(order, lines, probes.get(i + 1).getSentTimeUs(), "no answer yet for icmp_seq=" + p.getSeqRaw());
            }
        }
        StringBuilder out = new StringBuilder("PING " + target + " (" + target + ") 56(84) bytes of data.\n");
        order.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (long[] o : order) {
            out.append(String.format(Locale.ROOT, "[%d.%06d] ", o[0] / 1_000_000L, o[0] % 1_000_000L))
                    .append(lines.get((int) o[1])).append('\n');
        }
        return out.toString();
    }

    private static void add(List<long[]> order, List<String> lines, long stampUs, String text) {
        order.add(new long[] {stampUs, lines.size()});
        lines.add(text);
    }

    /** iputils: three decimals below 1 ms, two below 10 ms, one below 100 ms, none above. */
    static String rttMs(long us) {
        if (us >= 100_000) {
            return Long.toString(us / 1000);
        }
        if (us >= 10_000) {
            return String.format(Locale.ROOT, "%d.%01d", us / 1000, us % 1000 / 100);
        }
        if (us >= 1_000) {
            return String.format(Locale.ROOT, "%d.%02d", us / 1000, us % 1000 / 10);
        }
        return String.format(Locale.ROOT, "%d.%03d", us / 1000, us % 1000);
    }

    /** What ping's printed round trip gives back, in microseconds. */
    static long printedRttUs(long us) {
        return Math.round(Double.parseDouble(rttMs(us)) * 1000);
    }

    /** guest-stress: {@code <epoch_us> <ms per GB>}, after a comment line. Values to one decimal. */
    static String guestStress(List<GuestSample> samples) {
        StringBuilder out = new StringBuilder("# guest-stress: <epoch_us> <ms per GB>, one GiB written per line\n");
        for (GuestSample g : samples) {
            out.append(g.getSampleTimeUs()).append(' ').append(String.format(Locale.ROOT, "%.1f", g.getMsPerGb()))
                    .append('\n');
        }
        return out.toString();
    }

    /** Go's RFC3339Nano as govc prints times: the fraction without trailing zeros. */
    static String goTime(long us) {
        String t = Instant.ofEpochSecond(us / 1_000_000L, us % 1_000_000L * 1000).toString();
        if (t.contains(".")) {
            t = t.replaceAll("0+Z$", "Z").replace(".Z", "Z");
        }
        return t;
    }

    /** An rsyslog stamp of xensource.log (host local time, UTC here). */
    static String syslog(long us) {
        return SYSLOG.format(Instant.ofEpochSecond(us / 1_000_000L));
    }

    /** JSON as Python's {@code json.dumps(obj, indent=indent)} or Go's {@code json.MarshalIndent} print it. */
    static String indented(JsonNode node, int indent) {
        StringBuilder out = new StringBuilder();
        write(out, node, indent, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, JsonNode node, int indent, int depth) {
        String pad = " ".repeat(indent * (depth + 1));
        if (node.isObject() && node.size() > 0) {
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append(pad).append('"').append(e.getKey()).append("\": ");
                write(out, e.getValue(), indent, depth + 1);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            out.append(" ".repeat(indent * depth)).append('}');
        } else if (node.isArray() && node.size() > 0) {
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                out.append(pad);
                write(out, node.get(i), indent, depth + 1);
                out.append(i + 1 < node.size() ? ",\n" : "\n");
            }
            out.append(" ".repeat(indent * depth)).append(']');
        } else if (node.isObject()) {
            out.append("{}");
        } else if (node.isArray()) {
            out.append("[]");
        } else if (node.isFloatingPointNumber()) {
            // Python prints a float with its shortest digits and at least one decimal: 940.3, 1000.0
            BigDecimal d = node.isBigDecimal() ? node.decimalValue().stripTrailingZeros()
                    : BigDecimal.valueOf(node.doubleValue());
            String text = d.toPlainString();
            out.append(text.contains(".") ? text : text + ".0");
        } else {
            out.append(node.toString());
        }
    }
}
