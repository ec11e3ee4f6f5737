package io.migscope.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.hosts.Addresses;
import io.migscope.hosts.HostInventory;
import io.migscope.streams.series.SeriesStores;
import io.migscope.topics.HostPairs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The wire chart of one migration. Link series are kept under the host pair iftop's samples were published with:
 * addresses, or names where a collector or the simulator used them. So the chart looks under every pair the
 * migration's ends may go by: the hosts' names, their addresses in the inventory, and the addresses its summary
 * carries (what its evidence said, and the flow ends iftop showed for it), and adds the intervals up. Each pair
 * found is listed with its ends named: by the inventory, else by the evidence that tied the address to a host,
 * else "unknown host".
 */
final class WireFlows {
    static final String UNKNOWN_HOST = "unknown host";
    /** Enough for two hosts with a management and a migration address each, IPv4 and IPv6. */
    private static final int MAX_PAIRS = 64;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireFlows() {
    }

    /** Fills {@code wire} (one point per interval) and {@code wire_pairs} (the pairs that had samples). */
    static void add(ViewQueries views, JsonNode base, JsonNode summary, HostInventory hosts, long fromMs, long toMs,
                    ArrayNode wire, ArrayNode pairs) {
        List<String> sources = names(base, summary, hosts, "source");
        List<String> targets = names(base, summary, hosts, "target");
        Set<String> keys = new LinkedHashSet<>();
        for (String a : sources) {
            for (String b : targets) {
                if (!a.equals(b) && keys.size() < MAX_PAIRS) {
                    keys.add(HostPairs.key(a, b));
                }
            }
        }
        TreeMap<Long, long[]> byEnd = new TreeMap<>();
        TreeMap<Long, Long> starts = new TreeMap<>();
        for (String key : keys) {
            List<JsonNode> points = views.series(SeriesStores.LINKS, key, fromMs, toMs);
            if (points.isEmpty()) {
                continue;
            }
            pairs.add(pair(key, summary, hosts));
            for (JsonNode p : points) {
                long end = p.path("interval_end_us").asLong();
                long[] sum = byEnd.computeIfAbsent(end, e -> new long[2]);
                sum[0] += p.path("bytes").asLong();
                sum[1] += p.path("flows").asLong();
                starts.merge(end, p.path("interval_start_us").asLong(), Math::min);
            }
        }
        byEnd.forEach((end, sum) -> {
            ObjectNode n = wire.addObject();
            long start = starts.get(end);
            n.put("interval_start_us", start);
            n.put("interval_end_us", end);
            n.put("bytes", sum[0]);
            n.put("flows", sum[1]);
            n.put("bytes_per_sec", end > start ? Long.valueOf(Math.round(sum[0] * 1e6 / (end - start))) : null);
        });
    }

    /** What one end of the migration may appear as in a link series key. */
    private static List<String> names(JsonNode base, JsonNode summary, HostInventory hosts, String role) {
        Set<String> out = new LinkedHashSet<>();
        String host = text(base, role + "_host");
        if (host != null) {
            out.add(host);
            out.addAll(hosts.addressesOf(host));
        }
        if (summary != null) {
            for (JsonNode f : summary.path("addresses")) {
                String a = text(f, "address");
                if (role.equals(text(f, "role")) && a != null && !Addresses.isWildcard(a)) {
                    out.add(a);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static ObjectNode pair(String key, JsonNode summary, HostInventory hosts) {
        ObjectNode n = NODES.objectNode();
        n.put("key", key);
        ArrayNode ends = n.putArray("ends");
        for (String end : key.split("<->", 2)) {
            ends.addObject().put("end", end).put("host", hostOf(end, summary, hosts));
        }
        return n;
    }

    /** A name is its own host; an address is the inventory's host, or the one the evidence tied it to. */
    static String hostOf(String end, JsonNode summary, HostInventory hosts) {
        if (!Addresses.isAddress(end)) {
            return end;
        }
        String claimed = hosts.hostOf(end);
        if (claimed != null) {
            return claimed;
        }
        if (summary != null) {
            String canonical = Addresses.canonical(end);
            for (JsonNode f : summary.path("addresses")) {
                if (canonical.equals(text(f, "address")) && text(f, "host") != null) {
                    return text(f, "host");
                }
            }
        }
        return UNKNOWN_HOST;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
