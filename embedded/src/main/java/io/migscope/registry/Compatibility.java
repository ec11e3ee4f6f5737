package io.migscope.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility}. BACKWARD: the new schema
 * reads data written with the old one. FORWARD: the old schema reads data written with the new one. FULL: both.
 * Without {@code _TRANSITIVE} only the latest version is checked.
 */
public enum Compatibility {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    Compatibility(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    public static Optional<Compatibility> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Problems registering {@code candidate} after {@code existing} (oldest first); empty when allowed. */
    public List<String> problems(Schema candidate, List<Schema> existing) {
        if (existing.isEmpty() || this == NONE) {
            return List.of();
        }
        List<Schema> against = transitive ? existing : existing.subList(existing.size() - 1, existing.size());
        List<String> problems = new ArrayList<>();
        for (Schema old : against) {
            problems.addAll(against(candidate, old));
        }
        return problems;
    }

    /** Problems between {@code candidate} and one earlier version, in this level's directions. */
    public List<String> against(Schema candidate, Schema old) {
        List<String> problems = new ArrayList<>();
        if (backward) {
            describe(candidate, old, "new schema cannot read data written with an earlier one", problems);
        }
        if (forward) {
            describe(old, candidate, "an earlier schema cannot read data written with the new one", problems);
        }
        return problems;
    }

    private static void describe(Schema reader, Schema writer, String what, List<String> out) {
        SchemaPairCompatibility c = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (c.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            c.getResult().getIncompatibilities().forEach(i -> out.add(what + ": " + i.getType() + " at "
                    + i.getLocation() + " (" + i.getMessage() + ")"));
        }
    }
}
