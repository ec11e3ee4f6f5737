package io.migscope.producers.source.iftop;

import io.migscope.avro.LinkSample;
import io.migscope.hosts.Addresses;
import io.migscope.producers.parse.Checks;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code iftop -t} text blocks (tui.c) to one {@link LinkSample} per host pair per block. A block is: header, rule of
 * 92 '-', pairs of lines ({@code =>} then {@code <=}), rule, three total-rate lines, rule, peak and cumulative lines,
 * rule of 92 '='. Rates are per second in bits (b/Kb/Mb/Gb) or, with -B, bytes (B/KB/MB/GB), with the 1024 divisor
 * (readable_size in ui_common.c); the cumulative column is always bytes. Bytes of an interval are the "last 2s" rate
 * times the block interval. iftop prints three significant digits, so the byte counts are that precise.
 * Blocks carry no time: block k ends at {@code startedAt + (k+1) * interval}, unless a collector stamps it with
 * {@link #stampNextBlock(long)}.
 *
 * <p>iftop puts the interface's own end of a flow first ({@code =>}: sent by this host), judging by the interface's
 * MAC and IP address; streams takes {@code source_host} to be the measuring host's end. iftop says the interface's
 * addresses on stderr ({@code IP address is: A}, {@code IPv6 address is: B}), and the collector adds every address
 * {@code ip -j addr} lists in the same words; where those lines are read, a flow whose second end is one of them and
 * whose first is not is turned round, bytes and all, so the rule holds whatever iftop guessed.
 */
public final class IftopParser implements LineParser {

    private static final String RULE_DASH = "-".repeat(92);
    private static final String RULE_EQUAL = "=".repeat(92);
    private static final Pattern HEADER = Pattern.compile(
            "^   # Host name \\(port/service if enabled\\) +last 2s +last 10s +last 40s +cumulative$");
    private static final String VALUE = "(\\d+(?:\\.\\d+)?(?:b|Kb|Mb|Gb|B|KB|MB|GB))";
    private static final Pattern SENT = Pattern.compile(
            "^ *(\\d+) (\\S+) *=> +" + VALUE + " +" + VALUE + " +" + VALUE + " +" + VALUE + "$");
    private static final Pattern RECEIVED = Pattern.compile(
            "^     (\\S+) *<= +" + VALUE + " +" + VALUE + " +" + VALUE + " +" + VALUE + "$");
    private static final Pattern TOTALS = Pattern.compile("^(?:Total send rate:|Total receive rate:"
            + "|Total send and receive rate:|Peak rate \\(sent/received/total\\):"
            + "|Cumulative \\(sent/received/total\\):) +" + VALUE + " +" + VALUE + " +" + VALUE + "$");
    private static final Pattern PREAMBLE = Pattern.compile(
            "^(?:interface: \\S+|IP address is: \\S+|IPv6 address is: \\S+|MAC address is: \\S+|Listening on \\S+)$");
    private static final Pattern VALUE_PARTS = Pattern.compile("^(\\d+(?:\\.\\d+)?)([KMG]?)([bB])$");
    private static final Pattern PORTED_V6 = Pattern.compile("^\\[(.+)\\]:(\\w+)$");
    private static final Pattern PORTED = Pattern.compile("^([^:\\[\\]]+):(\\w+)$");
    private static final Pattern OWN_ADDRESS = Pattern.compile("^IP(?:v6)? address is: (\\S+)$");

    private enum State { OUTSIDE, HEADER, PAIRS, TOTALS, PEAKS }

    private record Pair(String source, String target, String sentRate, String receivedRate, String sentTotal,
                        String receivedTotal) {
    }

    private final ParseContext ctx;
    private final List<Pair> pairs = new ArrayList<>();
    private State state = State.OUTSIDE;
    private String[] pendingSent;
    private long blockStartLine;
    private long blockIndex;
    private Long nextStampUs;
    /** The interface's own addresses, canonical, as iftop's preamble or the collector said them. */
    private final Set<String> own = new HashSet<>();

    public IftopParser(ParseContext ctx) {
        this.ctx = ctx;
    }

    /** A collector that timed the block's arrival gives its end time here, before the block's closing rule. */
    public void stampNextBlock(long blockEndUs) {
        nextStampUs = blockEndUs;
    }

    @Override
    public void accept(String line, long lineNo, ParseOutput out) {
        if (line.isEmpty() || PREAMBLE.matcher(line).matches()) {
            Matcher a = OWN_ADDRESS.matcher(line);
            String address = a.matches() ? Addresses.canonical(a.group(1)) : null;
            if (address != null) {
                own.add(address);
            }
            out.ignore(lineNo);
        } else if (HEADER.matcher(line).matches()) {
            header(line, lineNo, out);
        } else if (line.equals(RULE_DASH)) {
            dashRule(line, lineNo, out);
        } else if (line.equals(RULE_EQUAL)) {
            closeBlock(line, lineNo, out);
        } else if (state == State.PAIRS) {
            pairLine(line, lineNo, out);
        } else if ((state == State.TOTALS || state == State.PEAKS) && TOTALS.matcher(line).matches()) {
            out.ignore(lineNo);
        } else {
            reject(lineNo, "not an iftop -t line here (" + state.name().toLowerCase() + ")", line, out);
        }
    }

    @Override
    public void finish(ParseOutput out) {
        if (state != State.OUTSIDE) {
            out.reject(ctx.reject(blockStartLine, "iftop block never closed: input ended before its rule of 92 '='",
                    "a complete block", null));
        }
        state = State.OUTSIDE;
        pairs.clear();
    }

    private void header(String line, long lineNo, ParseOutput out) {
        if (state != State.OUTSIDE) {
            out.reject(ctx.reject(blockStartLine, "iftop block cut short by a new header at line " + lineNo,
                    "a block closed by a rule of 92 '='", null));
        }
        pairs.clear();
        pendingSent = null;
        blockStartLine = lineNo;
        state = State.HEADER;
        out.ignore(lineNo);
    }

    private void dashRule(String line, long lineNo, ParseOutput out) {
        switch (state) {
            case HEADER -> state = State.PAIRS;
            case PAIRS -> {
                if (pendingSent != null) {
                    reject(lineNo, "pair has a '=>' line but no '<=' line", line, out);
                    pendingSent = null;
                }
                state = State.TOTALS;
            }
            case TOTALS -> state = State.PEAKS;
            default -> {
                reject(lineNo, "rule of dashes outside a block", line, out);
                return;
            }
        }
        out.ignore(lineNo);
    }

    private void pairLine(String line, long lineNo, ParseOutput out) {
        Matcher sent = SENT.matcher(line);
        Matcher received = RECEIVED.matcher(line);
        if (pendingSent == null && sent.matches()) {
            pendingSent = new String[] {sent.group(2), sent.group(3), sent.group(6)};
            String reason = cumulativeReason(sent.group(6));
            if (reason != null) {
                reject(lineNo, reason, line, out);
                pendingSent = null;
            } else {
                out.ignore(lineNo);
            }
        } else if (pendingSent != null && received.matches()) {
            String reason = cumulativeReason(received.group(5));
            if (reason != null) {
                reject(lineNo, reason, line, out);
            } else {
                pairs.add(new Pair(pendingSent[0], received.group(1), pendingSent[1], received.group(2),
                        pendingSent[2], received.group(5)));
                out.ignore(lineNo);
            }
            pendingSent = null;
        } else {
            String expected = pendingSent == null ? "'=>'" : "'<='";
            reject(lineNo, "expected the " + expected + " line of a host pair", line, out);
            pendingSent = null;
        }
    }

    private void closeBlock(String line, long lineNo, ParseOutput out) {
        if (state != State.PEAKS) {
            reject(lineNo, "rule of '=' before the block's totals", line, out);
            state = State.OUTSIDE;
            return;
        }
        state = State.OUTSIDE;
        Long endUs = nextStampUs != null ? nextStampUs
                : ctx.startedAtUs() == null ? null : ctx.startedAtUs() + (blockIndex + 1) * ctx.blockIntervalUs();
        nextStampUs = null;
        blockIndex++;
        out.ignore(lineNo);
        if (endUs == null) {
            if (!pairs.isEmpty()) {
                out.reject(ctx.reject(blockStartLine, "iftop blocks carry no time and no start time was given",
                        "a start time (ParseContext.startedAtUs, --started-at) or a collector stamp", null));
            }
            return;
        }
        String timeReason = Checks.time("block end", endUs, ctx.clock());
        if (timeReason != null) {
            out.reject(ctx.reject(blockStartLine, timeReason, "a plausible start time", null));
            return;
        }
        for (Pair pair : pairs) {
            out.record(sample(pair, endUs));
        }
        pairs.clear();
    }

    private LinkSample sample(Pair pair, long endUs) {
        double seconds = ctx.blockIntervalUs() / 1_000_000.0;
        End first = End.of(pair.source());
        End second = End.of(pair.target());
        long sent = Math.round(bytesPerSecond(pair.sentRate()) * seconds);
        long received = Math.round(bytesPerSecond(pair.receivedRate()) * seconds);
        long sentTotal = Math.round(bytesPerSecond(pair.sentTotal()));
        long receivedTotal = Math.round(bytesPerSecond(pair.receivedTotal()));
        if (isOwn(second.host()) && !isOwn(first.host())) {
            End t = first;
            first = second;
            second = t;
            long b = sent;
            sent = received;
            received = b;
            b = sentTotal;
            sentTotal = receivedTotal;
            receivedTotal = b;
        }
        return LinkSample.newBuilder()
                .setHost(ctx.host())
                .setIface(ctx.iface())
                .setCluster(ctx.cluster())
                .setIntervalStartUs(endUs - ctx.blockIntervalUs())
                .setIntervalEndUs(endUs)
                .setBytesSent(sent)
                .setBytesReceived(received)
                .setCumulativeSentBytes(sentTotal)
                .setCumulativeReceivedBytes(receivedTotal)
                .setSourceHost(first.host()).setSourcePort(first.port())
                .setTargetHost(second.host()).setTargetPort(second.port())
                .build();
    }

    private boolean isOwn(String host) {
        String c = Addresses.canonical(host);
        return c != null && own.contains(c);
    }

    /** One end of a flow: {@code host:port}, {@code [v6]:port} or a bare host; port null when not a number. */
    private record End(String host, Integer port) {
        static End of(String text) {
            Matcher m = PORTED_V6.matcher(text);
            if (!m.matches()) {
                m = PORTED.matcher(text);
            }
            if (!m.matches()) {
                return new End(text, null);
            }
            // a service name (port resolution on) cannot be turned back into a number reliably
            Integer port = m.group(2).chars().allMatch(Character::isDigit) && m.group(2).length() <= 5
                    ? Integer.valueOf(m.group(2)) : null;
            return new End(m.group(1), port);
        }
    }

    /** A printed figure in bytes (per second for rates): bits divide by 8, K/M/G multiply by powers of 1024. */
    static double bytesPerSecond(String value) {
        Matcher m = VALUE_PARTS.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an iftop figure: " + value);
        }
        double n = Double.parseDouble(m.group(1));
        int power = "KMG".indexOf(m.group(2).isEmpty() ? "?" : m.group(2)) + 1;
        double bytes = n * Math.pow(1024, power);
        return m.group(3).equals("b") ? bytes / 8.0 : bytes;
    }

    private static String cumulativeReason(String value) {
        return value.endsWith("b") ? "cumulative column in bits (" + value + "); iftop always prints it in bytes"
                : null;
    }

    private void reject(long lineNo, String reason, String line, ParseOutput out) {
        out.reject(ctx.reject(lineNo, reason,
                "iftop -t block lines: header, rules of 92 '-', '=>'/'<=' pair lines, totals, a rule of 92 '='",
                line));
    }
}
