package io.migscope.hosts;

import io.migscope.config.ConfigException;
import io.migscope.config.MigscopeConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which addresses belong to which host, as the user declared them ({@code hosts.NAME.addresses=a,b} in the
 * configuration; a run's manifest adds its own {@code hosts:}). It is static: every instance of the streams
 * application and the HTTP API read the same one at start, so what it claims never depends on timing. An address no
 * host claims stays as it is ("unknown host" on the page). One address claimed by two hosts fails at start, naming
 * both keys.
 */
public final class HostInventory {
    public static final String PREFIX = "hosts.";
    public static final String SUFFIX = ".addresses";
    private static final HostInventory EMPTY = new HostInventory(Map.of());

    private final Map<String, List<String>> byHost;
    private final Map<String, String> byAddress;

    private HostInventory(Map<String, List<String>> byHost) {
        this.byHost = Collections.unmodifiableMap(new TreeMap<>(byHost));
        Map<String, String> owners = new TreeMap<>();
        byHost.forEach((host, addresses) -> addresses.forEach(a -> {
            String before = owners.putIfAbsent(a, host);
            if (before != null && !before.equals(host)) {
                throw new ConfigException(key(host), "address " + a + " is claimed by " + key(before) + " too; an"
                        + " address belongs to one host");
            }
        }));
        this.byAddress = Collections.unmodifiableMap(owners);
    }

    public static HostInventory empty() {
        return EMPTY;
    }

    /** The {@code hosts.NAME.addresses} keys of a configuration (already checked to be IP addresses). */
    public static HostInventory from(MigscopeConfig config) {
        Map<String, List<String>> hosts = new LinkedHashMap<>();
        config.values().forEach((k, v) -> {
            if (k.startsWith(PREFIX) && k.endsWith(SUFFIX) && k.length() > PREFIX.length() + SUFFIX.length()) {
                try {
                    hosts.put(k.substring(PREFIX.length(), k.length() - SUFFIX.length()),
                            v.isBlank() ? List.of() : Addresses.parseList(v));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(k, e.getMessage());
                }
            }
        });
        return new HostInventory(hosts);
    }

    /** The configuration key a host's addresses are set with. */
    public static String key(String host) {
        return PREFIX + host + SUFFIX;
    }

    /** The host that claims this address (any text form), or null. */
    public String hostOf(String address) {
        String c = Addresses.canonical(address);
        return c == null ? null : byAddress.get(c);
    }

    /** The host's declared addresses, canonical; empty for a host not declared. */
    public List<String> addressesOf(String host) {
        return host == null ? List.of() : byHost.getOrDefault(host, List.of());
    }

    public boolean isEmpty() {
        return byHost.isEmpty();
    }

    /** Host name to its addresses. */
    public Map<String, List<String>> hosts() {
        return byHost;
    }
}
