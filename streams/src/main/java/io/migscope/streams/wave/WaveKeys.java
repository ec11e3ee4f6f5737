package io.migscope.streams.wave;

/**
 * Grouping keys of waves. A labelled wave is grouped by its label; an unlabelled migration joins its cluster's
 * batch, which session windows cut wherever requests pause for longer than the batch gap.
 */
public final class WaveKeys {
    static final String LABEL = "label:";
    static final String BATCH = "batch:";

    private WaveKeys() {
    }

    public static String of(String label, String cluster) {
        if (label != null && !label.isBlank()) {
            return LABEL + label;
        }
        return BATCH + (cluster == null || cluster.isBlank() ? "unknown" : cluster);
    }

    static boolean labelled(String key) {
        return key.startsWith(LABEL);
    }

    /** The label, or the cluster of a batch. */
    static String name(String key) {
        return labelled(key) ? key.substring(LABEL.length()) : key.substring(BATCH.length());
    }
}
