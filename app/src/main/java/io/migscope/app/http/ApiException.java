package io.migscope.app.http;

/** A request the API answers with an error: the status and a message the caller can act on, sent as JSON. */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
