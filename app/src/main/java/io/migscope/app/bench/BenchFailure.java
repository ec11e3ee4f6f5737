package io.migscope.app.bench;

/**
 * A scenario that could not finish, or whose result fails its own check (summaries missing, two runs that differ):
 * the message says what it did and what is missing. {@code migscope bench} prints it on stderr and exits non-zero.
 */
public final class BenchFailure extends RuntimeException {
    public BenchFailure(String message) {
        super(message);
    }
}
