package io.migscope.producers.source.ping;

import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.producers.parse.Checks;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iputils {@code ping -D -O} output to one {@link PingSample} per probe, emitted when the probe's fate is known:
 * REPLY (or DUPLICATE) when a reply line comes, UNREACHABLE on an ICMP error, LOST when no reply came within the
 * timeout (judged by the -D stamps of later lines), LATE when the input ends before the timeout ran out.
 * A {@code no answer yet} line and a gap between the seqs of two replies both leave probes pending; a late reply
 * still resolves them as REPLY. Seqs are unwrapped from 16 bits by choosing the candidate nearest the highest seq
 * seen. Banner, statistics and rtt summary lines are recognised and carry no record.
 */
public final class PingParser implements LineParser {

    private static final String STAMP = "^\\[(\\d{9,11})\\.(\\d{6})\\] ";
    static final Pattern REPLY = Pattern.compile(STAMP
            + "(\\d+) bytes from (?:(\\S+) \\(([^)\\s]+)\\)|([^\\s:]+|[0-9a-fA-F:.]+)): icmp_seq=(\\d+) ttl=(\\d{1,3})"
            + " time=(\\d+(?:\\.\\d+)?) ms( \\(DUP!\\)| \\(BAD CHECKSUM!\\)| \\(DIFFERENT ADDRESS!\\))?$");
    private static final Pattern NO_ANSWER = Pattern.compile(STAMP + "no answer yet for icmp_seq=(\\d+)$");
    private static final Pattern ERROR = Pattern.compile(STAMP
            + "From (\\S+)(?: \\(([^)\\s]+)\\))?:? icmp_seq=(\\d+) (\\S.*)$");
    private static final Pattern BANNER = Pattern.compile(
            "^PING \\S+ ?\\(([^)\\s]+)\\)(?: from \\S+(?: \\S+)?:)? \\d+(?:\\(\\d+\\))? (?:data )?bytes(?: of data)?\\.?$");
    private static final Pattern STATS_HEADER = Pattern.compile("^--- \\S+ ping statistics ---$");
    private static final Pattern STATS = Pattern.compile("^(\\d+) packets transmitted, (\\d+) received,"
            + "(?: \\+\\d+ duplicates,)?(?: \\+\\d+ corrupted,)?(?: \\+\\d+ errors,)? \\d+(?:\\.\\d+)?% packet loss"
            + "(?:, time \\d+ms)?$");
    private static final Pattern RTT = Pattern.compile("^rtt min/avg/max/mdev = [\\d.]+/[\\d.]+/[\\d.]+/[\\d.]+ ms"
            + "(?:, pipe \\d+)?(?:, ipg/ewma [\\d.]+/[\\d.]+ ms)?$");
    private static final String EXPECTED = "a ping -D -O line: '[EPOCH.MICROS] 64 bytes from ADDR: icmp_seq=N ttl=N "
            + "time=X ms', '[EPOCH.MICROS] no answer yet for icmp_seq=N', '[EPOCH.MICROS] From ADDR icmp_seq=N TEXT'"
            + " or a banner/summary line";
    /** A reply slower than a minute is not a reply to this probe. */
    private static final long MAX_RTT_US = 60_000_000L;
    private static final long WRAP = 65_536L;
    /** ping's own default interval, used until two replies let us measure it. */
    private static final long DEFAULT_INTERVAL_US = 1_000_000L;

    private final ParseContext ctx;
    /** Unanswered probes by unwrapped seq: their estimated send time. */
    private final TreeMap<Long, Long> pending = new TreeMap<>();
    private String target;
    private long highest = -1;
    private long highestSentUs;
    private Long measuredIntervalUs;
    private long lastStampUs = Long.MIN_VALUE;

    public PingParser(ParseContext ctx) {
        this.ctx = ctx;
        this.target = ctx.target();
    }

    @Override
    public void accept(String line, long lineNo, ParseOutput out) {
        Matcher m;
        ReplyLine fast = ReplyLine.fast(line);
        if (fast != null) {
            reply(fast, line, lineNo, out);
        } else if ((m = REPLY.matcher(line)).matches()) {
            reply(ReplyLine.fromRegex(m, stamp(m)), line, lineNo, out);
        } else if ((m = NO_ANSWER.matcher(line)).matches()) {
            noAnswer(m, line, lineNo, out);
        } else if ((m = ERROR.matcher(line)).matches()) {
            error(m, line, lineNo, out);
        } else if ((m = BANNER.matcher(line)).matches()) {
            if (target == null) {
                target = m.group(1);
            }
            out.ignore(lineNo);
        } else if (line.isEmpty() || STATS_HEADER.matcher(line).matches() || STATS.matcher(line).matches()
                || RTT.matcher(line).matches()) {
            out.ignore(lineNo);
        } else {
            out.reject(ctx.reject(lineNo, "not a ping -D -O line", EXPECTED, line));
        }
    }

    @Override
    public void finish(ParseOutput out) {
        for (Map.Entry<Long, Long> probe : pending.entrySet()) {
            long sent = probe.getValue();
            boolean lost = lastStampUs - sent > ctx.pingTimeoutUs();
            long observed = lost ? sent + ctx.pingTimeoutUs() : lastStampUs;
            out.record(sample(probe.getKey(), sent, observed, lost ? PingStatus.LOST : PingStatus.LATE));
        }
        pending.clear();
    }

    private void reply(ReplyLine r, String line, long lineNo, ParseOutput out) {
        long stamp = r.stampUs();
        long rttUs = r.rttUs();
        int ttl = r.ttl();
        String reason = Checks.first(Checks.time("stamp", stamp, ctx.clock()),
                rttUs > MAX_RTT_US ? "rtt " + r.timeText() + " ms is longer than 60 s" : null,
                ttl > 255 ? "ttl " + ttl + " does not fit in 8 bits" : null,
                seqReason(r.seqText()), stampReason(stamp));
        if (reason != null) {
            out.reject(ctx.reject(lineNo, reason, "a plausible reply line", line));
            return;
        }
        String address = r.address();
        String flag = r.flag();
        if (target == null) {
            target = address;
        }
        long sent = stamp - rttUs;
        advance(stamp, out);
        long seq = unwrap(Integer.parseInt(r.seqText()));
        boolean duplicate = "(DUP!)".equals(flag);
        if (!duplicate) {
            if (seq > highest) {
                openGap(seq, sent);
            }
            pending.remove(seq);
        }
        PingSample sample = sample(seq, sent, stamp, duplicate ? PingStatus.DUPLICATE : PingStatus.REPLY);
        sample.setTarget(address);
        sample.setRttUs(rttUs);
        sample.setTtl(ttl);
        if (flag != null && !duplicate) {
            sample.setError(flag.substring(1, flag.length() - 1));
        }
        out.record(sample);
    }

    private void noAnswer(Matcher m, String line, long lineNo, ParseOutput out) {
        long stamp = stamp(m);
        String reason = Checks.first(Checks.time("stamp", stamp, ctx.clock()), seqReason(m.group(3)),
                stampReason(stamp));
        if (reason != null) {
            out.reject(ctx.reject(lineNo, reason, "a plausible 'no answer yet' line", line));
            return;
        }
        advance(stamp, out);
        long seq = unwrap(Integer.parseInt(m.group(3)));
        if (seq > highest) {
            // ping prints this just before the next send, one interval after the silent probe went out
            openGap(seq, stamp - interval());
        }
        out.ignore(lineNo);
    }

    private void error(Matcher m, String line, long lineNo, ParseOutput out) {
        long stamp = stamp(m);
        String reason = Checks.first(Checks.time("stamp", stamp, ctx.clock()), seqReason(m.group(5)),
                stampReason(stamp));
        if (reason != null) {
            out.reject(ctx.reject(lineNo, reason, "a plausible ICMP error line", line));
            return;
        }
        advance(stamp, out);
        long seq = unwrap(Integer.parseInt(m.group(5)));
        Long sent = pending.remove(seq);
        if (seq > highest) {
            openGap(seq, stamp - interval());
            sent = pending.remove(seq);
        }
        String router = m.group(4) != null ? m.group(4) : m.group(3);
        PingSample unreachable = sample(seq, sent == null ? stamp - interval() : sent, stamp, PingStatus.UNREACHABLE);
        unreachable.setError(m.group(6) + " from " + router);
        out.record(unreachable);
    }

    /** Makes every seq between the highest seen and {@code seq} pending, with send times interpolated. */
    private void openGap(long seq, long sentUs) {
        if (highest >= 0) {
            long steps = seq - highest;
            double step = (double) (sentUs - highestSentUs) / steps;
            if (steps > 1 && step > 0) {
                measuredIntervalUs = Math.round(step);
            } else if (steps == 1 && sentUs > highestSentUs) {
                measuredIntervalUs = sentUs - highestSentUs;
            }
            for (long s = highest + 1; s < seq; s++) {
                pending.put(s, highestSentUs + Math.round(step * (s - highest)));
            }
        }
        pending.put(seq, sentUs);
        highest = seq;
        highestSentUs = sentUs;
    }

    /** Declares lost every pending probe whose timeout ran out before this stamp. */
    private void advance(long stampUs, ParseOutput out) {
        lastStampUs = Math.max(lastStampUs, stampUs);
        for (Iterator<Map.Entry<Long, Long>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> probe = it.next();
            if (stampUs - probe.getValue() <= ctx.pingTimeoutUs()) {
                break;
            }
            it.remove();
            long sent = probe.getValue();
            out.record(sample(probe.getKey(), sent, sent + ctx.pingTimeoutUs(), PingStatus.LOST));
        }
    }

    private long unwrap(int raw) {
        if (highest < 0) {
            return raw;
        }
        long base = highest - Math.floorMod(highest, WRAP);
        long candidate = base + raw;
        if (candidate > highest + WRAP / 2) {
            candidate -= WRAP;
        } else if (candidate <= highest - WRAP / 2) {
            candidate += WRAP;
        }
        return Math.max(candidate, raw);
    }

    private long interval() {
        if (ctx.pingIntervalUs() != null) {
            return ctx.pingIntervalUs();
        }
        return measuredIntervalUs != null ? measuredIntervalUs : DEFAULT_INTERVAL_US;
    }

    /**
     * A new sample with the fields every status has. Built directly, not through Avro's builder: the builder
     * deep-copies the schema defaults of every unset field, the largest cost per probe. Unset fields are null,
     * which is their schema default.
     */
    private PingSample sample(long seq, long sentUs, long observedUs, PingStatus status) {
        PingSample p = new PingSample();
        p.setVm(ctx.vm() != null ? ctx.vm() : String.valueOf(target));
        p.setTarget(String.valueOf(target));
        p.setCluster(ctx.cluster());
        p.setHost(ctx.host());
        p.setSeq(seq);
        p.setSeqRaw((int) (seq % WRAP));
        p.setSentTimeUs(sentUs);
        p.setObservedTimeUs(observedUs);
        p.setStatus(status);
        p.setIntervalUs(ctx.pingIntervalUs() != null ? ctx.pingIntervalUs() : measuredIntervalUs);
        return p;
    }

    private static String seqReason(String seq) {
        return seq.length() > 5 || Integer.parseInt(seq) >= WRAP ? "icmp_seq " + seq + " does not fit in 16 bits" : null;
    }

    /** ping -D stamps never go back by more than a second; a larger jump means mixed-up input. */
    private String stampReason(long stamp) {
        return lastStampUs != Long.MIN_VALUE && stamp < lastStampUs - 1_000_000L
                ? "stamp goes back " + (lastStampUs - stamp) / 1000 + " ms from the previous line" : null;
    }

    private static long stamp(Matcher m) {
        return Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(m.group(2));
    }
}
