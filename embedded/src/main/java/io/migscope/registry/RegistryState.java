package io.migscope.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The registry's content, rebuilt by applying the {@code _schemas} log in order. Applying is deterministic, so
 * every instance that has read the same log prefix holds the same state: a proposal that clashes with what is
 * already applied (id or version taken by another schema, schema known under another id, incompatible) is
 * ignored everywhere.
 */
final class RegistryState {
    /** One version of a subject. */
    record Registered(String subject, int version, int id, Schema schema) {
    }

    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final Map<String, TreeMap<Integer, Integer>> subjects = new TreeMap<>();
    private final Map<String, Compatibility> subjectLevels = new HashMap<>();
    private Compatibility global = Compatibility.BACKWARD;
    private int maxId;

    /** Applies a proposed registration; true when it was taken. */
    synchronized boolean applySchema(String subject, int version, int id, Schema schema) {
        String canonical = schema.toString();
        Integer known = idByCanonical.get(canonical);
        Schema holder = byId.get(id);
        TreeMap<Integer, Integer> versions = subjects.getOrDefault(subject, new TreeMap<>());
        boolean clash = (known != null && known != id)
                || (holder != null && !holder.toString().equals(canonical))
                || versions.containsValue(id)
                || version != (versions.isEmpty() ? 1 : versions.lastKey() + 1)
                || !level(subject).problems(schema, schemas(subject)).isEmpty();
        if (clash) {
            return false;
        }
        byId.putIfAbsent(id, schema);
        idByCanonical.putIfAbsent(canonical, id);
        versions.put(version, id);
        subjects.put(subject, versions);
        maxId = Math.max(maxId, id);
        return true;
    }

    synchronized void applyConfig(String subject, Compatibility level) {
        if (subject == null) {
            global = level;
        } else {
            subjectLevels.put(subject, level);
        }
    }

    synchronized Optional<Schema> schema(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    synchronized List<String> subjects() {
        return new ArrayList<>(subjects.keySet());
    }

    synchronized Optional<List<Integer>> versions(String subject) {
        TreeMap<Integer, Integer> v = subjects.get(subject);
        return v == null ? Optional.empty() : Optional.of(new ArrayList<>(v.keySet()));
    }

    synchronized Optional<Registered> version(String subject, int version) {
        TreeMap<Integer, Integer> v = subjects.get(subject);
        Integer id = v == null ? null : v.get(version);
        return id == null ? Optional.empty() : Optional.of(new Registered(subject, version, id, byId.get(id)));
    }

    synchronized Optional<Registered> latest(String subject) {
        TreeMap<Integer, Integer> v = subjects.get(subject);
        return v == null || v.isEmpty() ? Optional.empty() : version(subject, v.lastKey());
    }

    /** The version of {@code subject} that holds exactly this schema, if any. */
    synchronized Optional<Registered> find(String subject, Schema schema) {
        Integer id = idByCanonical.get(schema.toString());
        TreeMap<Integer, Integer> v = subjects.get(subject);
        if (id == null || v == null) {
            return Optional.empty();
        }
        return v.entrySet().stream().filter(e -> e.getValue().equals(id)).findFirst()
                .map(e -> new Registered(subject, e.getKey(), id, byId.get(id)));
    }

    /** The subject's schemas, oldest first. */
    synchronized List<Schema> schemas(String subject) {
        TreeMap<Integer, Integer> v = subjects.get(subject);
        return v == null ? List.of() : v.values().stream().map(byId::get).toList();
    }

    /** The id this schema has, or the next free one. */
    synchronized int proposeId(Schema schema) {
        return idByCanonical.getOrDefault(schema.toString(), maxId + 1);
    }

    synchronized int nextVersion(String subject) {
        TreeMap<Integer, Integer> v = subjects.get(subject);
        return v == null || v.isEmpty() ? 1 : v.lastKey() + 1;
    }

    synchronized Compatibility level(String subject) {
        return subjectLevels.getOrDefault(subject, global);
    }

    synchronized Optional<Compatibility> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized Compatibility globalLevel() {
        return global;
    }
}
