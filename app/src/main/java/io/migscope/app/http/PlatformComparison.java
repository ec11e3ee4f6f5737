package io.migscope.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seed 002's comparison from the ended migrations: per load profile, VM size and platform, side by side, how long
 * the migrations took (request to done) against how long the guests were dark (observed blackout), with what the
 * hypervisor reported and what the guests felt (seed 003). Figures are over completed migrations, medians
 * interpolated like PostgreSQL's {@code percentile_cont} in the {@code platform_comparison} view, so both agree.
 *
 * <p>A load profile is a label on the events (the simulator's, or a run manifest's {@code load_profile}); seed
 * 002's are read into a series and a level, so a chart can put CPU load, locked pages and dirty pages on their axes:
 * {@code idle}, {@code CLG 50%}, {@code LPG 512 MiB}, {@code DPG 256 MiB}. Other labels form series of their own.
 */
final class PlatformComparison {
    /** The series of seed 002's charts, in its order; idle guests of every size are its "vs. VM size" chart. */
    static final List<String> SERIES = List.of("idle", "CLG", "LPG", "DPG");
    /** Summaries without a load profile. */
    static final String NONE = "(none)";
    private static final Pattern SEED002 = Pattern.compile("(CLG|LPG|DPG) (\\d+)(%| MiB)");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PlatformComparison() {
    }

    /** @param wave only this wave's migrations; null for every wave */
    static ObjectNode of(List<JsonNode> summaries, String wave) {
        TreeSet<String> waves = new TreeSet<>();
        TreeSet<String> platforms = new TreeSet<>();
        Map<Key, List<JsonNode>> groups = new TreeMap<>();
        for (JsonNode s : summaries) {
            String w = text(s, "wave");
            waves.add(w == null ? NONE : w);
            if (wave != null && !wave.equals(w == null ? NONE : w)) {
                continue;
            }
            String platform = s.path("platform").asText();
            platforms.add(platform);
            groups.computeIfAbsent(Key.of(text(s, "load_profile"), text(s, "flavor"), number(s, "vm_memory_bytes"),
                    platform), k -> new ArrayList<>()).add(s);
        }
        ObjectNode out = NODES.objectNode();
        out.set("waves", strings(waves));
        out.put("wave", wave);
        out.set("platforms", strings(platforms));
        out.set("series", strings(SERIES));
        ArrayNode rows = out.putArray("rows");
        groups.forEach((k, group) -> rows.add(row(k, group)));
        return out;
    }

    private static ObjectNode row(Key k, List<JsonNode> group) {
        List<JsonNode> completed = group.stream().filter(s -> "completed".equals(s.path("outcome").asText())).toList();
        ObjectNode r = NODES.objectNode();
        r.put("load_profile", k.load());
        r.put("load_series", k.series());
        r.put("load_level", k.level());
        r.put("flavor", k.flavor());
        r.put("vm_memory_bytes", k.memoryBytes());
        r.put("platform", k.platform());
        r.put("migrations", group.size());
        r.put("completed", completed.size());
        r.put("migration_time_p50_ms", median(completed, "migration_time_ms"));
        r.put("migration_time_max_ms", max(completed, "migration_time_ms"));
        r.put("observed_blackout_p50_ms", median(completed, "observed_blackout_ms"));
        r.put("observed_blackout_max_ms", max(completed, "observed_blackout_ms"));
        r.put("reported_downtime_p50_ms", median(completed, "reported_downtime_ms"));
        r.put("guest_baseline_p50_ms_per_gb", median(completed, "guest_baseline_ms_per_gb"));
        r.put("guest_slowdown_max_ms_per_gb", max(completed, "guest_slowdown_max_ms_per_gb"));
        return r;
    }

    /** percentile_cont(0.5): the middle value, or the mean of the middle two; null without values. */
    static Double median(List<JsonNode> rows, String field) {
        List<Double> values = values(rows, field);
        if (values.isEmpty()) {
            return null;
        }
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static Double max(List<JsonNode> rows, String field) {
        List<Double> values = values(rows, field);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    private static List<Double> values(List<JsonNode> rows, String field) {
        List<Double> values = new ArrayList<>();
        for (JsonNode s : rows) {
            JsonNode v = s.get(field);
            if (v != null && v.isNumber()) {
                values.add(v.asDouble());
            }
        }
        values.sort(null);
        return values;
    }

    private static ArrayNode strings(Iterable<String> values) {
        ArrayNode a = NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? null : v.longValue();
    }

    /**
     * A row of the comparison: seed 002's series in its order (idle, CLG, LPG, DPG, then other labels, then none),
     * by level, smaller guests first, then the platforms.
     *
     * @param series seed 002's series of the load, else the label itself
     * @param level  CLG percent or LPG/DPG MiB; 0 when idle; null for other labels
     */
    record Key(String load, String series, Long level, String flavor, Long memoryBytes, String platform)
            implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparingInt(Key::seriesRank)
                .thenComparing(Key::series)
                .thenComparing(Key::level, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Key::memoryBytes, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(k -> k.flavor() == null ? "" : k.flavor())
                .thenComparing(Key::platform);

        static Key of(String load, String flavor, Long memoryBytes, String platform) {
            if (load == null) {
                return new Key(NONE, NONE, null, flavor, memoryBytes, platform);
            }
            if (load.equals("idle")) {
                return new Key(load, "idle", 0L, flavor, memoryBytes, platform);
            }
            Matcher m = SEED002.matcher(load);
            if (m.matches()) {
                return new Key(load, m.group(1), Long.parseLong(m.group(2)), flavor, memoryBytes, platform);
            }
            return new Key(load, load, null, flavor, memoryBytes, platform);
        }

        private int seriesRank() {
            int i = SERIES.indexOf(series);
            return i >= 0 ? i : series.equals(NONE) ? SERIES.size() + 1 : SERIES.size();
        }

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }
}
