package io.migscope.producers.parse;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids: a name-based UUID of the format and the parts that identify the event (for a line-based
 * source, the identity from the flags and the line's text). The same input always yields the same id, so a re-read
 * file or a re-sent watch object is recognisable downstream. File names and line numbers are left out on purpose.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String of(String format, String... parts) {
        StringBuilder key = new StringBuilder(format);
        for (String part : parts) {
            // A separator that cannot occur in a line keeps ("ab","c") and ("a","bc") apart.
            key.append('\u0000').append(part == null ? "" : part);
        }
        return format + ":" + UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8));
    }
}
