package io.migscope.sink;

/** The sink's schema could not be brought up to date, so the sink must not start. The message says what to do. */
public final class SchemaMigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaMigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
