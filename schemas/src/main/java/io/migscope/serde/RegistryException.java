package io.migscope.serde;

/**
 * An answer from the schema registry that is not a success, or a registry that cannot be reached. Carries
 * Confluent's {@code error_code} (e.g. 40403 schema not found, 409 incompatible, 42201 invalid schema), or the
 * HTTP status when the body had none, or {@code -1} when no answer came at all.
 */
public final class RegistryException extends RuntimeException {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int UNREACHABLE = -1;

    private final int errorCode;
    private final int httpStatus;

    public RegistryException(int httpStatus, int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.errorCode = UNREACHABLE;
        this.httpStatus = UNREACHABLE;
    }

    public int errorCode() {
        return errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
