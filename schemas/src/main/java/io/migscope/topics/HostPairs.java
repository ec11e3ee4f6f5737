package io.migscope.topics;

/**
 * The key of everything about the traffic between two hosts: link samples, and the timelines and summaries of
 * the migrations between them. Unordered, because iftop prints a pair in whichever direction it saw first.
 */
public final class HostPairs {
    /** The key for records whose hosts are not known. */
    public static final String UNKNOWN = "?";

    private HostPairs() {
    }

    public static String key(String a, String b) {
        if (a == null || b == null) {
            return UNKNOWN;
        }
        return a.compareTo(b) <= 0 ? a + "<->" + b : b + "<->" + a;
    }
}
