package io.migscope.app.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run produced, as comparable text: per output topic and key every committed value in offset order
 * (Avro as JSON, {@code null} for a tombstone), per PostgreSQL table and primary key every row (all columns but
 * {@code run_name} and the wall-clock {@code written_at}), and the dead letters as {@code stage: reason}.
 */
public final class RunOutputs {
    private final Map<String, Map<String, List<String>>> topics = new TreeMap<>();
    private final Map<String, Map<String, List<String>>> tables = new TreeMap<>();
    private final List<String> deadLetters = new ArrayList<>();

    /** @param topic the topic's role without the run's prefix ({@code summaries}, {@code alerts}, ...) */
    public void addRecord(String topic, String key, String value) {
        topics.computeIfAbsent(topic, t -> new TreeMap<>()).computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    public void addRow(String table, String key, String row) {
        tables.computeIfAbsent(table, t -> new TreeMap<>()).computeIfAbsent(key, k -> new ArrayList<>()).add(row);
    }

    public void addDeadLetter(String stageAndReason) {
        deadLetters.add(stageAndReason);
    }

    /** Topic role to key to values in offset order. */
    public Map<String, Map<String, List<String>>> topics() {
        return topics;
    }

    /** Table to primary key to rows (more than one only if the key is not unique). */
    public Map<String, Map<String, List<String>>> tables() {
        return tables;
    }

    public List<String> deadLetters() {
        return deadLetters;
    }

    /** Keys with at least one committed record on the topic. */
    public int keys(String topic) {
        return topics.getOrDefault(topic, Map.of()).size();
    }

    public int rows(String table) {
        return tables.getOrDefault(table, Map.of()).values().stream().mapToInt(List::size).sum();
    }
}
