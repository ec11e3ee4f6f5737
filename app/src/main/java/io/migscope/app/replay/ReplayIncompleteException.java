package io.migscope.app.replay;

/** A replay that could not finish: it says how far it got and what is missing, and never writes partial results. */
public final class ReplayIncompleteException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReplayIncompleteException(String message) {
        super(message);
    }
}
