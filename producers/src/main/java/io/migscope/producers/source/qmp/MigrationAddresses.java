package io.migscope.producers.source.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import io.migscope.avro.AddressFact;
import io.migscope.hosts.Addresses;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a QEMU migration listens, as QMP says it (qapi/migration.json): always the destination's socket, so every
 * fact here is about the migration's target.
 * <ul>
 *   <li>a {@code migrate} or {@code migrate-incoming} {@code uri}: {@code tcp:HOST:PORT} or {@code rdma:HOST:PORT},
 *   an IPv6 host in brackets, options after a comma ({@code tcp:[::]:4444,ipv6=on}); an empty or wildcard host
 *   (listening on every address) gives the port only; {@code unix:}, {@code exec:}, {@code fd:} and {@code file:}
 *   name no address;</li>
 *   <li>the same commands' {@code channels} (QEMU 8.2 and later): the main channel's {@code addr}, {@code transport:
 *   socket, type: inet, host, port} (the port is a string);</li>
 *   <li>a {@code query-migrate} return's {@code socket-address} (QEMU 4.0 and later, on the destination once it
 *   listens): a list of {@code {type: inet, host, port}}.</li>
 * </ul>
 */
final class MigrationAddresses {
    static final String TARGET = "target";

    private MigrationAddresses() {
    }

    /** The listening address of a migrate / migrate-incoming command's arguments; empty when it names none. */
    static List<AddressFact> ofCommand(JsonNode arguments, String source, String host, Long timeUs) {
        List<AddressFact> out = new ArrayList<>();
        String uri = arguments.path("uri").asText("");
        if (!uri.isEmpty()) {
            fromUri(uri, source + " uri", host, timeUs, out);
        }
        for (JsonNode channel : arguments.path("channels")) {
            String type = channel.path("channel-type").asText("main");
            JsonNode addr = channel.path("addr");
            if (type.equals("main") && addr.path("transport").asText("").equals("socket")) {
                inet(addr, source + " channels", host, timeUs, out);
            }
        }
        return out;
    }

    /** The destination's listening sockets from a query-migrate return; empty when it has none. */
    static List<AddressFact> ofSocketAddress(JsonNode ret, String host, Long timeUs) {
        List<AddressFact> out = new ArrayList<>();
        for (JsonNode a : ret.path("socket-address")) {
            inet(a, "qmp query-migrate socket-address", host, timeUs, out);
        }
        return out;
    }

    private static void fromUri(String uri, String source, String host, Long timeUs, List<AddressFact> out) {
        int colon = uri.indexOf(':');
        String scheme = colon < 0 ? "" : uri.substring(0, colon);
        if (!scheme.equals("tcp") && !scheme.equals("rdma")) {
            return;
        }
        String rest = uri.substring(colon + 1);
        int comma = rest.indexOf(',');
        if (comma >= 0) {
            rest = rest.substring(0, comma);
        }
        int portAt = rest.lastIndexOf(':');
        if (portAt < 0) {
            return;
        }
        add(rest.substring(0, portAt), rest.substring(portAt + 1), source, host, timeUs, out);
    }

    private static void inet(JsonNode addr, String source, String host, Long timeUs, List<AddressFact> out) {
        if (addr.path("type").asText("").equals("inet")) {
            add(addr.path("host").asText(""), addr.path("port").asText(""), source, host, timeUs, out);
        }
    }

    private static void add(String hostText, String portText, String source, String host, Long timeUs,
                            List<AddressFact> out) {
        Integer port = port(portText);
        String address = Addresses.canonical(hostText);
        if (address != null && Addresses.isWildcard(address)) {
            address = null;
        }
        if (port == null && address == null) {
            return;
        }
        out.add(AddressFact.newBuilder().setRole(TARGET).setHost(host).setAddress(address).setPort(port)
                .setSource(source).setTimeUs(timeUs).build());
    }

    private static Integer port(String text) {
        if (!text.matches("\\d{1,5}")) {
            return null;
        }
        int p = Integer.parseInt(text);
        return p > 0 && p <= 65_535 ? p : null;
    }
}
