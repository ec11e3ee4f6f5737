package io.migscope.app.replay;

/** A run.yaml that cannot be replayed; the message names the entry and the field at fault. Exit code 2. */
public final class ManifestException extends RuntimeException {
    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
