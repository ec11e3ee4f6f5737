package io.migscope.producers.source.ping;

import java.util.regex.Matcher;

/**
 * The fields of a {@code ping -D} reply line. {@link #fast} reads the common shape
 * {@code [S.UUUUUU] N bytes from ADDR: icmp_seq=N ttl=N time=X.XXX ms[ FLAG]} by position, without a regex or a
 * substring per field; anything else (a host name with its address, more than three decimals, odd spacing)
 * returns null and goes to the regex, so both paths accept exactly the same lines.
 */
record ReplyLine(long stampUs, String address, String seqText, int ttl, String timeText, long rttUs, String flag) {
    private static final String FROM = " bytes from ";
    private static final String SEQ = ": icmp_seq=";
    private static final String TTL = " ttl=";
    private static final String TIME = " time=";
    private static final String MS = " ms";

    static ReplyLine fromRegex(Matcher m, long stampUs) {
        String flag = m.group(10) == null ? null : m.group(10).trim();
        return new ReplyLine(stampUs, m.group(6) != null ? m.group(6) : m.group(5), m.group(7),
                Integer.parseInt(m.group(8)), m.group(9), Math.round(Double.parseDouble(m.group(9)) * 1000.0), flag);
    }

    static ReplyLine fast(String line) {
        int n = line.length();
        if (n < 40 || line.charAt(0) != '[') {
            return null;
        }
        int dot = line.indexOf('.', 1);
        if (dot < 10 || dot > 12 || !digits(line, 1, dot) || n < dot + 9 || line.charAt(dot + 7) != ']'
                || line.charAt(dot + 8) != ' ' || !digits(line, dot + 1, dot + 7)) {
            return null;
        }
        long stampUs = Long.parseLong(line, 1, dot, 10) * 1_000_000L + Long.parseLong(line, dot + 1, dot + 7, 10);
        int bytesEnd = line.indexOf(' ', dot + 9);
        if (bytesEnd < 0 || !digits(line, dot + 9, bytesEnd) || !line.startsWith(FROM, bytesEnd)) {
            return null;
        }
        int addrStart = bytesEnd + FROM.length();
        int addrEnd = line.indexOf(SEQ, addrStart);
        if (addrEnd <= addrStart || hasAny(line, addrStart, addrEnd)) {
            return null;
        }
        int seqStart = addrEnd + SEQ.length();
        int seqEnd = line.indexOf(' ', seqStart);
        if (seqEnd < 0 || !digits(line, seqStart, seqEnd) || !line.startsWith(TTL, seqEnd)) {
            return null;
        }
        int ttlStart = seqEnd + TTL.length();
        int ttlEnd = line.indexOf(' ', ttlStart);
        if (ttlEnd < 0 || ttlEnd - ttlStart > 3 || !digits(line, ttlStart, ttlEnd) || !line.startsWith(TIME, ttlEnd)) {
            return null;
        }
        int timeStart = ttlEnd + TIME.length();
        int timeEnd = line.indexOf(' ', timeStart);
        if (timeEnd < 0 || !line.startsWith(MS, timeEnd)) {
            return null;
        }
        long rttUs = micros(line, timeStart, timeEnd);
        String flag = flag(line, timeEnd + MS.length());
        if (rttUs < 0 || flag == null) {
            return null;
        }
        return new ReplyLine(stampUs, line.substring(addrStart, addrEnd), line.substring(seqStart, seqEnd),
                Integer.parseInt(line, ttlStart, ttlEnd, 10), line.substring(timeStart, timeEnd), rttUs,
                flag.isEmpty() ? null : flag);
    }

    /** "", "(DUP!)", "(BAD CHECKSUM!)" or "(DIFFERENT ADDRESS!)"; null for anything else. */
    private static String flag(String line, int from) {
        String rest = line.substring(from);
        return switch (rest) {
            case "" -> "";
            case " (DUP!)", " (BAD CHECKSUM!)", " (DIFFERENT ADDRESS!)" -> rest.trim();
            default -> null;
        };
    }

    /** Milliseconds with at most three decimals, as whole microseconds; -1 when not of that shape. */
    private static long micros(String s, int from, int to) {
        int dot = s.indexOf('.', from);
        if (dot < 0 || dot > to) {
            return digits(s, from, to) && to - from <= 9 ? Long.parseLong(s, from, to, 10) * 1000L : -1;
        }
        int decimals = to - dot - 1;
        if (decimals < 1 || decimals > 3 || dot - from > 9 || !digits(s, from, dot) || !digits(s, dot + 1, to)) {
            return -1;
        }
        long frac = Long.parseLong(s, dot + 1, to, 10);
        for (int i = decimals; i < 3; i++) {
            frac *= 10;
        }
        return Long.parseLong(s, from, dot, 10) * 1000L + frac;
    }

    private static boolean digits(String s, int from, int to) {
        if (to <= from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A plain address has no space, no parenthesis and no colon-space. */
    private static boolean hasAny(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '(' || c == ')') {
                return true;
            }
        }
        return false;
    }
}
