package io.migscope.sink;

/** The sink met an error that waiting will not fix (e.g. the schema does not match), so it stops. */
public final class SinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
