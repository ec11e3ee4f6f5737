package io.migscope.app.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.migscope.hosts.Addresses;
import io.migscope.hosts.HostInventory;
import io.migscope.producers.parse.Parsers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A recorded run: {@code RUN_DIR/run.yaml} names the run, its cluster, the source files and their identity, and
 * optionally migrations the sources do not announce. Everything is checked on load, before anything is published:
 * a missing file, an unknown format, a bad timestamp or a missing field fails naming the entry and the field.
 *
 * @param dir        the run directory; source files are relative to it
 * @param name       the run name: topic prefix, application id and the run_name of its PostgreSQL rows
 * @param cluster    copied onto records that carry no cluster, may be null
 * @param sources    the inputs, in manifest order
 * @param migrations declared migrations
 * @param hosts      the run's hosts and their addresses ({@code hosts: {node-1: [10.0.3.11, fd00::11]}}), canonical;
 *                   they join the configuration's {@code hosts.NAME.addresses} for this run (a host named in both
 *                   takes the manifest's addresses)
 */
public record RunManifest(Path dir, String name, String cluster, List<Source> sources, List<Declared> migrations,
                          Map<String, List<String>> hosts) {

    /** The format of normalised records written by {@code migscope record} (one wrapped record per line). */
    public static final String RECORDS = "records";

    private static final Set<String> SOURCE_FIELDS = Set.of("format", "file", "vm", "host", "role", "interval_ms",
            "started_at", "target", "iface", "log_zone", "cluster", "load_profile");
    private static final Set<String> MIGRATION_FIELDS = Set.of("id", "vm", "source_host", "target_host",
            "requested_at", "completed_at", "outcome", "load_profile");
    private static final Set<String> OUTCOMES = Set.of("completed", "failed", "aborted", "cancelled");

    /**
     * One input file; optional fields are null when absent. {@code loadProfile} labels the migration events of the
     * file that carry no load profile of their own (what the guests were doing, e.g. {@code DPG 256 MiB}).
     */
    public record Source(int index, String format, Path file, String vm, String host, String role, Long intervalMs,
                         Long startedAtUs, String target, String iface, String logZone, String cluster,
                         String loadProfile) {
        /** {@code sources[2] (qmp qmp-src.jsonl)}: how errors name the entry. */
        public String label() {
            return "sources[" + index + "] (" + format + " " + file.getFileName() + ")";
        }
    }

    /**
     * A migration declared in the manifest: it needs only its id and VM; hosts, times (epoch microseconds) and the
     * outcome are null when not declared, and the sources fill them in.
     */
    public record Declared(int index, String id, String vm, String sourceHost, String targetHost, Long requestedAtUs,
                           Long completedAtUs, String outcome, String loadProfile) {
    }

    /** A run without a host inventory. */
    public RunManifest(Path dir, String name, String cluster, List<Source> sources, List<Declared> migrations) {
        this(dir, name, cluster, sources, migrations, Map.of());
    }

    /** The run's hosts as configuration keys, {@code hosts.NAME.addresses=a,b}. */
    public Map<String, String> hostKeys() {
        Map<String, String> keys = new TreeMap<>();
        hosts.forEach((host, addresses) -> keys.put(HostInventory.key(host), String.join(",", addresses)));
        return keys;
    }

    /** Reads {@code RUN_DIR/run.yaml}. */
    public static RunManifest load(Path runDir) {
        Path file = runDir.resolve("run.yaml");
        if (!Files.isRegularFile(file)) {
            throw new ManifestException(file + ": no run.yaml in the run directory");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ManifestException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ManifestException(file + ": expected a mapping with name, sources and optional migrations");
        }
        String name = requiredText(root, "name", "run.yaml");
        if (!isValidName(name)) {
            throw new ManifestException("run.yaml: name '" + name + "' must be letters, digits, '.', '_' or '-'"
                    + " (it becomes a topic prefix)");
        }
        String cluster = optionalText(root, "cluster", "run.yaml");
        List<Source> sources = sources(runDir, root.get("sources"));
        List<Declared> migrations = migrations(root.get("migrations"));
        return new RunManifest(runDir, name, cluster, List.copyOf(sources), List.copyOf(migrations),
                hosts(root.get("hosts")));
    }

    /** A run name becomes a topic prefix and an application id: letters, digits, '.', '_' or '-'. */
    public static boolean isValidName(String name) {
        return name.matches("[A-Za-z0-9._-]+");
    }

    private static List<Source> sources(Path dir, JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ManifestException("run.yaml: sources: expected a non-empty list of {format, file, ...}");
        }
        List<Source> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(source(dir, i, list.get(i)));
        }
        return out;
    }

    private static Source source(Path dir, int i, JsonNode n) {
        String where = "sources[" + i + "]";
        checkFields(n, where, SOURCE_FIELDS);
        String format = requiredText(n, "format", where);
        if (!RECORDS.equals(format) && !Parsers.names().contains(format)) {
            throw new ManifestException(where + ".format: unknown format '" + format + "'; expected one of "
                    + Parsers.names() + " or " + RECORDS);
        }
        String fileName = requiredText(n, "file", where);
        Path file = dir.resolve(fileName);
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new ManifestException(where + ".file: cannot read " + file);
        }
        String vm = optionalText(n, "vm", where);
        if (vm == null && (format.equals("qmp") || format.equals("virsh-domjobinfo") || format.equals("ping"))) {
            throw new ManifestException(where + ".vm: missing; the " + format + " format does not name the VM");
        }
        String role = optionalText(n, "role", where);
        if (role != null && !role.equals("source") && !role.equals("destination")) {
            throw new ManifestException(where + ".role: '" + role + "'; expected source or destination");
        }
        Long interval = optionalLong(n, "interval_ms", where);
        String zone = optionalText(n, "log_zone", where);
        if (zone != null) {
            try {
                java.time.ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                throw new ManifestException(where + ".log_zone: unknown zone '" + zone + "'; expected e.g. UTC or Europe/Paris");
            }
        }
        String startedAt = optionalText(n, "started_at", where);
        return new Source(i, format, file, vm, optionalText(n, "host", where), role, interval,
                startedAt == null ? null : micros(startedAt, where + ".started_at"), optionalText(n, "target", where),
                optionalText(n, "iface", where), optionalText(n, "log_zone", where), optionalText(n, "cluster", where),
                optionalText(n, "load_profile", where));
    }

    private static List<Declared> migrations(JsonNode list) {
        List<Declared> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new ManifestException("run.yaml: migrations: expected a list of {id, vm, requested_at, ...}");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String where = "migrations[" + i + "]";
            checkFields(n, where, MIGRATION_FIELDS);
            String outcome = optionalText(n, "outcome", where);
            if (outcome != null && !OUTCOMES.contains(outcome)) {
                throw new ManifestException(where + ".outcome: '" + outcome + "'; expected one of " + OUTCOMES);
            }
            String requestedText = optionalText(n, "requested_at", where);
            String completedText = optionalText(n, "completed_at", where);
            Long requested = requestedText == null ? null : micros(requestedText, where + ".requested_at");
            Long completed = completedText == null ? null : micros(completedText, where + ".completed_at");
            if (requested != null && completed != null && completed < requested) {
                throw new ManifestException(where + ".completed_at: " + completedText + " is before requested_at "
                        + requestedText);
            }
            out.add(new Declared(i, requiredText(n, "id", where), requiredText(n, "vm", where),
                    optionalText(n, "source_host", where), optionalText(n, "target_host", where), requested,
                    completed, outcome, optionalText(n, "load_profile", where)));
        }
        checkDistinct(out);
        return out;
    }

    /**
     * {@code hosts: {NAME: [address, ...]}}: each address an IP literal, each claimed by one host; a bad entry fails
     * naming it ({@code hosts.node-1[1]: 'x' is not an IP address ...}).
     */
    private static Map<String, List<String>> hosts(JsonNode map) {
        Map<String, List<String>> out = new TreeMap<>();
        if (map == null || map.isNull()) {
            return out;
        }
        if (!map.isObject()) {
            throw new ManifestException("run.yaml: hosts: expected a mapping of host name to its addresses, such as"
                    + " {node-1: [10.0.3.11, fd00::11]}");
        }
        Map<String, String> owners = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "hosts." + e.getKey();
            JsonNode list = e.getValue();
            if (list == null || !list.isArray() || list.isEmpty()) {
                throw new ManifestException(where + ": expected a non-empty list of IP addresses");
            }
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String c = list.get(i).isValueNode() ? Addresses.canonical(list.get(i).asText()) : null;
                if (c == null) {
                    throw new ManifestException(where + "[" + i + "]: " + list.get(i) + " is not an IP address"
                            + " (expected IPv4 such as 10.0.3.11 or IPv6 such as fd00::11)");
                }
                String before = owners.putIfAbsent(c, e.getKey());
                if (before != null && !before.equals(e.getKey())) {
                    throw new ManifestException(where + "[" + i + "]: " + c + " is " + before + "'s already; an"
                            + " address belongs to one host");
                }
                if (!addresses.contains(c)) {
                    addresses.add(c);
                }
            }
            out.put(e.getKey(), List.copyOf(addresses));
        }
        return out;
    }

    /** One id per declaration, and a VM declared twice needs request times to tell its migrations apart. */
    private static void checkDistinct(List<Declared> declared) {
        Map<String, Declared> ids = new HashMap<>();
        Map<String, Declared> untimed = new HashMap<>();
        Map<String, Integer> perVm = new HashMap<>();
        for (Declared d : declared) {
            Declared before = ids.put(d.id(), d);
            if (before != null) {
                throw new ManifestException("migrations[" + d.index() + "].id: '" + d.id() + "' is declared already by"
                        + " migrations[" + before.index() + "]");
            }
            perVm.merge(d.vm(), 1, Integer::sum);
            if (d.requestedAtUs() == null) {
                untimed.putIfAbsent(d.vm(), d);
            }
        }
        for (Declared d : untimed.values()) {
            if (perVm.get(d.vm()) > 1) {
                throw new ManifestException("migrations[" + d.index() + "].requested_at: missing; " + d.vm()
                        + " is declared more than once, and requested_at tells its migrations apart");
            }
        }
    }

    private static void checkFields(JsonNode n, String where, Set<String> known) {
        if (n == null || !n.isObject()) {
            throw new ManifestException(where + ": expected a mapping");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new ManifestException(where + "." + f + ": unknown field; expected one of " + new java.util.TreeSet<>(known));
            }
        }
    }

    private static String requiredText(JsonNode n, String field, String where) {
        String v = optionalText(n, field, where);
        if (v == null) {
            throw new ManifestException(where + "." + field + ": missing");
        }
        return v;
    }

    private static String optionalText(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw new ManifestException(where + "." + field + ": expected a non-empty string, got " + v);
        }
        return v.asText();
    }

    private static Long optionalLong(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() <= 0) {
            throw new ManifestException(where + "." + field + ": expected a positive whole number, got " + v);
        }
        return v.longValue();
    }

    /** ISO-8601 instant with a zone ({@code 2026-11-02T10:00:01.000Z}) to epoch microseconds. */
    private static long micros(String text, String where) {
        try {
            Instant t = Instant.parse(text);
            return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000L;
        } catch (DateTimeParseException e) {
            throw new ManifestException(where + ": bad timestamp '" + text
                    + "'; expected an ISO-8601 instant such as 2026-11-02T10:00:01.000Z");
        }
    }
}
