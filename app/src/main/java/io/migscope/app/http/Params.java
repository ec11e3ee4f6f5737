package io.migscope.app.http;

import io.javalin.http.Context;
import java.util.Set;

/** Checks of request parameters: a bad one is a 400 that says what was expected. */
final class Params {
    static final int MAX_ID = 256;

    private Params() {
    }

    /** A path parameter naming a migration, alert, wave or rollup key. */
    static String id(Context ctx, String name) {
        String id = ctx.pathParam(name);
        if (id.isEmpty() || id.length() > MAX_ID || id.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(400, name + " must be 1 to " + MAX_ID + " printable characters");
        }
        return id;
    }

    static String oneOf(Context ctx, String name, String fallback, Set<String> allowed) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw new ApiException(400, name + "=" + clip(value) + " is not one of " + allowed);
        }
        return value;
    }

    static int limit(Context ctx, int fallback) {
        return between(ctx, "limit", fallback, 1, 10_000);
    }

    /** An optional integer query parameter from {@code min} to {@code max}. */
    static int between(Context ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, name + "=" + clip(value) + " must be an integer from " + min + " to " + max);
    }

    /** A required epoch-milliseconds bound of a series query. */
    static long millis(Context ctx, String name) {
        String value = ctx.queryParam(name);
        try {
            long ms = Long.parseLong(value == null ? "" : value);
            if (ms >= 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, name + "=" + clip(String.valueOf(value)) + " must be epoch milliseconds (an integer >= 0)");
    }

    /** An optional free-text filter, bounded like an id. */
    static String filter(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value != null && (value.length() > MAX_ID || value.chars().anyMatch(Character::isISOControl))) {
            throw new ApiException(400, name + " must be at most " + MAX_ID + " printable characters");
        }
        return value == null || value.isEmpty() ? null : value;
    }

    private static String clip(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
