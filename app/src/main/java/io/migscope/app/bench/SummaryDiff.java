package io.migscope.app.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which fields of two summary lines differ, so a determinism failure names the figure that moved. */
final class SummaryDiff {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SummaryDiff() {
    }

    /** "migration_id m: field a -> b; ..." for two JSON object lines; the raw lines when either is not one. */
    static String fields(String first, String second) {
        try {
            JsonNode a = JSON.readTree(first);
            JsonNode b = JSON.readTree(second);
            Set<String> names = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            List<String> out = new ArrayList<>();
            for (String name : names) {
                if (!a.path(name).equals(b.path(name))) {
                    out.add(name + " " + text(a, name) + " -> " + text(b, name));
                }
            }
            return "migration " + a.path("migration_id").asText("?") + ": " + String.join("; ", out);
        } catch (JsonProcessingException e) {
            return "first: " + first + "\n  second: " + second;
        }
    }

    private static String text(JsonNode node, String name) {
        return node.has(name) ? node.get(name).toString() : "(absent)";
    }
}
