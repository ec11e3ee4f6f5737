package io.migscope.registry;

/** An error answer in Confluent's shape: an HTTP status plus {@code {"error_code":N,"message":"..."}}. */
public final class RegistryError extends RuntimeException {
    private final int status;
    private final int errorCode;

    public RegistryError(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(String version) {
        return new RegistryError(404, 40402, "Version " + version + " not found.");
    }

    static RegistryError schemaNotFound(String what) {
        return new RegistryError(404, 40403, "Schema " + what + " not found");
    }

    static RegistryError invalidSchema(String detail) {
        return new RegistryError(422, 42201, "Invalid schema: " + detail);
    }

    static RegistryError invalidVersion(String version) {
        return new RegistryError(422, 42202, "The specified version '" + version + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryError invalidCompatibility(String level) {
        return new RegistryError(422, 42203, "Invalid compatibility level '" + level + "'. Valid values are "
                + java.util.Arrays.toString(Compatibility.values()));
    }

    static RegistryError incompatible(String subject, java.util.List<String> problems) {
        return new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                + subject + "\", details: " + problems);
    }

    static RegistryError store(String detail) {
        return new RegistryError(500, 50001, "Error in the backend data store: " + detail);
    }
}
