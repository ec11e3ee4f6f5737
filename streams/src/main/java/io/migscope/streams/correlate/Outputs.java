package io.migscope.streams.correlate;

/** Names of the correlator's output branches, one per output topic. */
public final class Outputs {
    public static final String TIMELINES = "timelines";
    public static final String DOWNTIME = "downtime";
    public static final String SUMMARIES = "summaries";
    public static final String ALERTS = "alerts";
    public static final String DEAD_LETTERS = "dead-letters";

    private Outputs() {
    }
}
