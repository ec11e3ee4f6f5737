package io.migscope.app.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a disturbed run's outputs with the clean run's, per key, as an exactly-once verifier does: the last
 * value per key of every changelog-like topic and every PostgreSQL row must be equal; a key the clean run has and
 * the disturbed one lacks is lost; a key where exactly once is demanded (one final downtime report per migration, one row
 * per primary key) seen more often than in the clean run is duplicated; any other difference, including a key only
 * the disturbed run has, is a mismatch.
 */
public final class OutputComparison {
    /**
     * The final downtime reports (final=true on the downtime topic), one per migration, written when the core
     * finds the migration due: where exactly once is checked per key. The other topics are changelogs (a summary
     * is written again when later bytes on the wire change it), compared by their last value per key.
     */
    public static final String FINAL_DOWNTIME = "final-downtime";
    /** Topics where the clean run's count per key is the exact count. */
    public static final Set<String> ONCE_TOPICS = Set.of(FINAL_DOWNTIME);
    private static final int DETAIL_CHARS = 300;
    /** How much of the common prefix a long mismatch shows before the first difference. */
    private static final int CONTEXT_CHARS = 60;

    /** One difference, e.g. {@code lost summaries demo-...-mig-000003}. */
    public record Difference(String kind, String where, String key, String detail) {
        @Override
        public String toString() {
            return kind + " " + where + " " + key + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /** Counts and the differences, in topic/table and key order. */
    public record Result(long lost, long duplicated, long mismatched, List<Difference> differences) {
        public boolean clean() {
            return lost == 0 && duplicated == 0 && mismatched == 0;
        }
    }

    private OutputComparison() {
    }

    public static Result compare(RunOutputs reference, RunOutputs run) {
        List<Difference> diffs = new ArrayList<>();
        compareGroups("topic ", reference.topics(), run.topics(), true, diffs);
        compareGroups("table ", reference.tables(), run.tables(), false, diffs);
        long lost = diffs.stream().filter(d -> d.kind().equals("lost")).count();
        long duplicated = diffs.stream().filter(d -> d.kind().equals("duplicated")).count();
        return new Result(lost, duplicated, diffs.size() - lost - duplicated, diffs);
    }

    private static void compareGroups(String label, Map<String, Map<String, List<String>>> ref,
                                      Map<String, Map<String, List<String>>> run, boolean lastValue,
                                      List<Difference> diffs) {
        Set<String> names = new TreeSet<>(ref.keySet());
        names.addAll(run.keySet());
        for (String name : names) {
            Map<String, List<String>> a = ref.getOrDefault(name, Map.of());
            Map<String, List<String>> b = run.getOrDefault(name, Map.of());
            Set<String> keys = new TreeSet<>(a.keySet());
            keys.addAll(b.keySet());
            for (String key : keys) {
                compareKey(label + name, key, a.get(key), b.get(key), lastValue && !ONCE_TOPICS.contains(name), diffs);
            }
        }
    }

    /**
     * @param table true where only the last value per key counts (a changelog); false where every value must
     *              appear exactly as often as in the clean run (summaries, rows)
     */
    private static void compareKey(String where, String key, List<String> ref, List<String> run, boolean table,
                                   List<Difference> diffs) {
        if (run == null) {
            diffs.add(new Difference("lost", where, key, clip(last(ref))));
        } else if (ref == null) {
            diffs.add(new Difference("unexpected", where, key, clip(last(run))));
        } else if (!table && run.size() > ref.size()) {
            diffs.add(new Difference("duplicated", where, key, run.size() + " records where the clean run has "
                    + ref.size()));
        } else if (!Objects.equals(last(ref), last(run)) || (!table && !ref.equals(run))) {
            diffs.add(new Difference("mismatched", where, key, mismatch(last(ref), last(run))));
        }
    }

    private static String last(List<String> values) {
        return values.get(values.size() - 1);
    }

    /** Short values whole; long ones from just before the first character where they differ. */
    static String mismatch(String expected, String actual) {
        if (expected == null || actual == null
                || (expected.length() <= DETAIL_CHARS && actual.length() <= DETAIL_CHARS)) {
            return "expected " + expected + " but was " + actual;
        }
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - CONTEXT_CHARS);
        return "differs at char " + at + ": expected ..." + clip(expected.substring(from)) + " but was ..."
                + clip(actual.substring(from));
    }

    private static String clip(String s) {
        return s == null || s.length() <= DETAIL_CHARS ? String.valueOf(s) : s.substring(0, DETAIL_CHARS) + "...";
    }
}
