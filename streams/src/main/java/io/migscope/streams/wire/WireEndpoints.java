package io.migscope.streams.wire;

import io.migscope.avro.AddressFact;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationSummary;
import io.migscope.hosts.Addresses;
import io.migscope.hosts.HostInventory;
import io.migscope.topics.HostPairs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the wire step meets a migration and its link samples: at an <em>endpoint</em>, the name of a host or an
 * address no host claims. Every rule here depends only on the record at hand and the static {@link HostInventory},
 * never on what arrived before, so a record goes to the same partition at any speed.
 *
 * <ul>
 *   <li>A link sample end is its host as the inventory claims its address, or else the address itself; the end
 *   iftop printed first ({@code source_host}) is also the measuring host ({@code host}), since iftop puts the
 *   interface's own address there (the parser checks it against the interface's addresses). A sample goes to each
 *   of its endpoints.</li>
 *   <li>A migration goes to one endpoint: its target. The address its own evidence names for the target (a QMP
 *   migrate URI, the destination's listening socket, KubeVirt's targetNodeAddress) wins, as the endpoint that
 *   address resolves to, because it is where the bytes went; otherwise the target host's name. A fact that the
 *   inventory contradicts is flagged and not used.</li>
 *   <li>A migration also leaves a marker at its source endpoint, so that a migration the other way between the same
 *   hosts at the same time knows it shares the samples.</li>
 * </ul>
 */
final class WireEndpoints {
    static final String SOURCE = "source";
    static final String TARGET = "target";

    private final HostInventory inventory;

    WireEndpoints(HostInventory inventory) {
        this.inventory = inventory;
    }

    /** An end of a link sample as an endpoint: the host the inventory says has this address, or the text as is. */
    String endpoint(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String host = inventory.hostOf(raw);
        if (host != null) {
            return host;
        }
        String c = Addresses.canonical(raw);
        return c != null ? c : raw;
    }

    /** The measuring host as a name for the sample's first end, unless the inventory gives that address to another. */
    String measuredBy(LinkSample l) {
        String h = l.getHost();
        if (h == null || h.isBlank()) {
            return null;
        }
        String claimed = inventory.hostOf(l.getSourceHost());
        return claimed == null || claimed.equals(h) ? h : null;
    }

    /** True when iftop's measuring host and the inventory disagree about the sample's first end. */
    boolean contradicts(LinkSample l) {
        String h = l.getHost();
        String claimed = inventory.hostOf(l.getSourceHost());
        return h != null && !h.isBlank() && claimed != null && !claimed.equals(h);
    }

    /** Every endpoint a sample belongs to, each once. */
    List<String> of(LinkSample l) {
        Set<String> keys = new LinkedHashSet<>();
        addIfKnown(keys, endpoint(l.getSourceHost()));
        addIfKnown(keys, endpoint(l.getTargetHost()));
        addIfKnown(keys, measuredBy(l));
        return new ArrayList<>(keys);
    }

    /** The names an end of the sample goes by: its endpoint, and the measuring host for the first end. */
    Set<String> names(LinkSample l, boolean sourceEnd) {
        Set<String> names = new LinkedHashSet<>();
        addIfKnown(names, endpoint(sourceEnd ? l.getSourceHost() : l.getTargetHost()));
        if (sourceEnd) {
            addIfKnown(names, measuredBy(l));
        }
        return names;
    }

    /**
     * The endpoint a migration's bytes are counted at; {@link HostPairs#UNKNOWN} when its source or target host is
     * not known (a sample is the migration's by its two hosts, or by a port on a flow between them).
     */
    String targetOf(MigrationSummary s) {
        if (blank(s.getSourceHost()) || blank(s.getTargetHost())) {
            return HostPairs.UNKNOWN;
        }
        return endpointOf(s, TARGET, s.getTargetHost());
    }

    private static boolean blank(String host) {
        return host == null || host.isBlank();
    }

    /** Where a migration leaves its marker, or null when that is nowhere or its target endpoint already. */
    String markerOf(MigrationSummary s) {
        String target = targetOf(s);
        String source = endpointOf(s, SOURCE, s.getSourceHost());
        return target.equals(HostPairs.UNKNOWN) || source.equals(target) ? null : source;
    }

    private String endpointOf(MigrationSummary s, String role, String host) {
        for (AddressFact f : s.getAddresses()) {
            String a = usable(f, role, host);
            if (a != null) {
                return endpoint(a);
            }
        }
        return blank(host) ? HostPairs.UNKNOWN : host;
    }

    /** The addresses the migration's own evidence gives the end in this role, the inventory's contradictions left out. */
    Set<String> learned(MigrationSummary s, String role) {
        String host = role.equals(TARGET) ? s.getTargetHost() : s.getSourceHost();
        Set<String> out = new LinkedHashSet<>();
        for (AddressFact f : s.getAddresses()) {
            addIfKnown(out, usable(f, role, host));
        }
        return out;
    }

    /** Whether the inventory declares no address for the host. */
    boolean inventoryLacks(String host) {
        return inventory.addressesOf(host).isEmpty();
    }

    /** The TCP ports the evidence says the migration uses on its target. */
    static Set<Integer> ports(MigrationSummary s) {
        Set<Integer> out = new LinkedHashSet<>();
        for (AddressFact f : s.getAddresses()) {
            if (TARGET.equals(f.getRole()) && f.getPort() != null && !f.getSource().startsWith(WireAttribution.OBSERVED)) {
                out.add(f.getPort());
            }
        }
        return out;
    }

    /** Flags for the summary: evidence about an address that the inventory gives to another host. */
    List<String> contradictions(MigrationSummary s) {
        List<String> out = new ArrayList<>();
        for (AddressFact f : s.getAddresses()) {
            String host = f.getRole().equals(TARGET) ? s.getTargetHost() : s.getSourceHost();
            String owner = f.getAddress() == null ? null : inventory.hostOf(f.getAddress());
            if (owner != null && (host == null || !owner.equals(host))) {
                out.add(String.format(Locale.ROOT, "%s says the %s is at %s, which the inventory gives to %s (%s):"
                        + " the inventory wins", f.getSource(), f.getRole(), f.getAddress(), owner,
                        HostInventory.key(owner)));
            }
        }
        return out;
    }

    /** A fact's address when it can place the migration's end: the role's, an address, and not contradicted. */
    private String usable(AddressFact f, String role, String host) {
        if (!role.equals(f.getRole()) || f.getAddress() == null || Addresses.isWildcard(f.getAddress())
                || f.getSource().startsWith(WireAttribution.OBSERVED)) {
            return null;
        }
        String owner = inventory.hostOf(f.getAddress());
        return owner == null || owner.equals(host) ? f.getAddress() : null;
    }

    private static void addIfKnown(Set<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value);
        }
    }
}
