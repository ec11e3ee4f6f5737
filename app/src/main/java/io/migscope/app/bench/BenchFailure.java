package io.migscope.app.bench;

/**
 * A scenario that could not finish, or whose result fails its own check (summaries missing, two runs that differ):
 * the message says what it did and what is missing. {@code migscope bench} prints it on stderr and exits non-zero.
 */
public final class BenchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What was measured before the check failed (reported next to the failure), or null. */
    private final transient BenchResult measured;

    public BenchFailure(String message) {
        this(message, null);
    }

    public BenchFailure(String message, BenchResult measured) {
        super(message);
        this.measured = measured;
    }

    BenchResult measured() {
        return measured;
    }
}
