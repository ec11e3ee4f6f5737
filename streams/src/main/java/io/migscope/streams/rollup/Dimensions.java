package io.migscope.streams.rollup;

import io.migscope.avro.MigrationSummary;
import java.util.LinkedHashMap;
import java.util.Map;

/** The dimensions a summary is rolled up by, and the value it has in each. A missing value rolls up as "unknown". */
public final class Dimensions {
    public static final String FLEET = "fleet";
    public static final String UNKNOWN = "unknown";
    private static final long GIB = 1L << 30;
    /** Upper bounds of the memory buckets, in GiB, for VMs without a flavor name (like the s/m/l/xl of seed 001). */
    private static final long[] BUCKETS_GIB = {1, 2, 4, 8, 16, 32, 64, 128};

    private Dimensions() {
    }

    /** dimension name -> value, in a fixed order; "fleet" -> "all" counts every migration. */
    public static Map<String, String> of(MigrationSummary s) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(FLEET, "all");
        d.put("cluster", orUnknown(s.getCluster()));
        d.put("source_node", orUnknown(s.getSourceHost()));
        d.put("target_node", orUnknown(s.getTargetHost()));
        d.put("mode", orUnknown(s.getMode()));
        d.put("flavor", flavor(s.getFlavor(), s.getVmMemoryBytes()));
        d.put("platform", s.getPlatform() == null ? UNKNOWN : s.getPlatform().name());
        d.put("outcome", orUnknown(s.getOutcome()));
        return d;
    }

    /** The flavor name, else a memory-size bucket such as "mem<=4GiB", else "unknown". */
    public static String flavor(String flavor, Long memoryBytes) {
        if (flavor != null && !flavor.isBlank()) {
            return flavor;
        }
        if (memoryBytes == null || memoryBytes <= 0) {
            return UNKNOWN;
        }
        for (long gib : BUCKETS_GIB) {
            if (memoryBytes <= gib * GIB) {
                return "mem<=" + gib + "GiB";
            }
        }
        return "mem>" + BUCKETS_GIB[BUCKETS_GIB.length - 1] + "GiB";
    }

    /** The grouping key of one dimension value: the dimension name never contains '='. */
    public static String key(String dimension, String value) {
        return dimension + "=" + value;
    }

    static String dimension(String key) {
        return key.substring(0, key.indexOf('='));
    }

    static String value(String key) {
        return key.substring(key.indexOf('=') + 1);
    }

    private static String orUnknown(CharSequence v) {
        return v == null || v.length() == 0 ? UNKNOWN : v.toString();
    }
}
