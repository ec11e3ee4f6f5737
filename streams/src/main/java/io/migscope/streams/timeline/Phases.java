package io.migscope.streams.timeline;

import java.util.List;
import java.util.Set;

/** The phase names of a timeline, in the order they normally happen. */
public final class Phases {
    public static final String REQUESTED = "requested";
    public static final String QUEUED = "queued";
    public static final String SCHEDULING = "scheduling";
    public static final String PRECOPY = "precopy";
    public static final String POSTCOPY = "postcopy";
    public static final String PAUSED = "paused";
    public static final String SWITCHOVER = "switchover";
    public static final String RESUMED = "resumed";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String ABORTED = "aborted";
    public static final String CANCELLED = "cancelled";

    /** Non-terminal phases; the order breaks ties between phases that start at the same instant. */
    public static final List<String> ORDER = List.of(REQUESTED, QUEUED, SCHEDULING, PRECOPY, POSTCOPY, PAUSED,
            SWITCHOVER, RESUMED);
    public static final Set<String> TERMINAL = Set.of(COMPLETED, FAILED, ABORTED, CANCELLED);

    private Phases() {
    }

    public static boolean isTerminal(String phase) {
        return TERMINAL.contains(phase);
    }
}
