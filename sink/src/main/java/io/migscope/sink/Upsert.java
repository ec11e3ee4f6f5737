package io.migscope.sink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds {@code INSERT ... ON CONFLICT DO UPDATE} statements that change a row only when the incoming values
 * differ, so a re-delivered record rewrites nothing (not even {@code written_at}).
 */
final class Upsert {
    private Upsert() {
    }

    /**
     * @param keys       the conflict target (natural key), bound first
     * @param values     the other columns, bound after the keys
     * @param touched    whether the table has a {@code written_at} column to refresh on a real change
     * @param extraGuard an extra condition for the update, e.g. "only when newer"; null for none
     */
    static String sql(String table, List<String> keys, List<String> values, boolean touched, String extraGuard) {
        List<String> columns = new ArrayList<>(keys);
        columns.addAll(values);
        String placeholders = String.join(", ", Collections.nCopies(columns.size(), "?"));
        String set = values.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        if (touched) {
            set += ", written_at = now()";
        }
        String current = values.stream().map(c -> table + "." + c).collect(Collectors.joining(", "));
        String incoming = values.stream().map(c -> "EXCLUDED." + c).collect(Collectors.joining(", "));
        String guard = "ROW(" + current + ") IS DISTINCT FROM ROW(" + incoming + ")";
        if (extraGuard != null) {
            guard += " AND " + extraGuard;
        }
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders + ")"
                + " ON CONFLICT (" + String.join(", ", keys) + ") DO UPDATE SET " + set + " WHERE " + guard;
    }

    static String insert(String table, List<String> columns) {
        String placeholders = String.join(", ", Collections.nCopies(columns.size(), "?"));
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders + ")";
    }
}
