package io.migscope.hosts;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IP addresses as one text: iftop ({@code -n}) prints IPv6 the way inet_ntop does (RFC 5952: lower case, the
 * longest run of zero groups shortened to {@code ::}), while a person may write {@code FD00:0:0::11}. Every address
 * migscope compares goes through {@link #canonical} first. Nothing here looks a name up: a host name is not an
 * address.
 */
public final class Addresses {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private Addresses() {
    }

    /** The canonical text of an IPv4 or IPv6 literal (brackets allowed around IPv6), or null when it is not one. */
    public static String canonical(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (IPV4.matcher(t).matches()) {
            return t;
        }
        if (!t.contains(":") || !IPV6_CHARS.matcher(t).matches()) {
            return null;
        }
        try {
            // Brackets make InetAddress treat the text as an IPv6 literal only: an invalid one fails, never a lookup.
            InetAddress a = InetAddress.getByName("[" + t + "]");
            return a instanceof Inet4Address ? a.getHostAddress() : ipv6(a.getAddress());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether the text is an IP literal. */
    public static boolean isAddress(String text) {
        return canonical(text) != null;
    }

    /**
     * A comma-separated list of addresses, canonical, in order, each once.
     *
     * @throws IllegalArgumentException naming the first entry that is not an IP address
     */
    public static List<String> parseList(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String c = canonical(part);
            if (c == null) {
                throw new IllegalArgumentException("'" + part.strip() + "' is not an IP address (expected IPv4 such as"
                        + " 10.0.3.11 or IPv6 such as fd00::11, comma-separated)");
            }
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Whether the address listens on every interface ({@code 0.0.0.0}, {@code ::}): it says nothing of the host. */
    public static boolean isWildcard(String canonical) {
        return "0.0.0.0".equals(canonical) || "::".equals(canonical);
    }

    /** RFC 5952: hex groups without leading zeros; the longest run of two or more zero groups (first on a tie) as ::. */
    private static String ipv6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
