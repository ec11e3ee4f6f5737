package io.migscope.streams.wire;

import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationSummary;
import io.migscope.hosts.Addresses;
import java.util.Set;

/**
 * Whether a link sample is a migration's traffic, seen from one endpoint where both are kept. The sample must have
 * an end at that endpoint and overlap the migration's transfer; then
 * <ul>
 *   <li>when the evidence names the migration's ports and iftop showed ports ({@code -P}): the port on the target's
 *   end must be one of them, whatever the other end is, so two migrations between the same hosts get their own
 *   flows;</li>
 *   <li>otherwise the other end must be the migration's other host, by name (inventory, measuring host) or by an
 *   address its evidence gave.</li>
 * </ul>
 * A sample without ports matches by name even when the migration's ports are known: iftop without {@code -P}
 * shows none, and neither does traffic in a tunnel without ports (IPsec ESP). When the same measuring host also
 * showed the migration's port, such samples are something else (a ping between the hosts) and the count leaves them
 * out ({@link WireAttribution}).
 * A migration is kept at its target endpoint to be counted, and at its source endpoint as a marker (see
 * {@link WireEndpoints}); {@code atTarget} says which.
 */
record WireMatch(MigrationSummary summary, boolean atTarget, Set<String> sourceAddresses,
                 Set<String> targetAddresses, Set<Integer> ports, Long fromUs, Long toUs) {

    static WireMatch of(MigrationSummary s, String endpoint, WireEndpoints endpoints) {
        return new WireMatch(s, endpoint.equals(endpoints.targetOf(s)),
                endpoints.learned(s, WireEndpoints.SOURCE), endpoints.learned(s, WireEndpoints.TARGET),
                WireEndpoints.ports(s), transferStart(s), s.getCompletedAtUs());
    }

    /** Whether the transfer's start and end are known: bytes can be counted only within them. */
    boolean timed() {
        return fromUs != null && toUs != null;
    }

    boolean overlaps(LinkSample l) {
        return timed() && fromUs <= l.getIntervalEndUs() && toUs >= l.getIntervalStartUs();
    }

    /** How a sample is, or is not, a migration's traffic. */
    enum How { NO, BY_PORT, BY_NAME }

    /** Whether the sample, kept at this endpoint, is this migration's traffic. */
    boolean matches(LinkSample l, String endpoint, WireEndpoints endpoints) {
        return how(l, endpoint, endpoints) != How.NO;
    }

    /** Whether the sample, kept at this endpoint, is this migration's traffic, and by what. */
    How how(LinkSample l, String endpoint, WireEndpoints endpoints) {
        if (!overlaps(l)) {
            return How.NO;
        }
        How first = howEnd(l, true, endpoint, endpoints);
        return first != How.NO ? first : howEnd(l, false, endpoint, endpoints);
    }

    /**
     * Whether the port on the sample's end at this endpoint (at the target) or on its other end (at a marker) is
     * one the migration listens on; null when the ports cannot decide.
     */
    Boolean portDecides(LinkSample l, boolean endAtEndpointIsSource) {
        boolean portOnSourceEnd = atTarget == endAtEndpointIsSource;
        Integer port = portOnSourceEnd ? l.getSourcePort() : l.getTargetPort();
        return ports.isEmpty() || port == null ? null : ports.contains(port);
    }

    private How howEnd(LinkSample l, boolean sourceEnd, String endpoint, WireEndpoints endpoints) {
        if (!endpoints.names(l, sourceEnd).contains(endpoint)) {
            return How.NO;
        }
        Boolean byPort = portDecides(l, sourceEnd);
        if (byPort != null) {
            return byPort ? How.BY_PORT : How.NO;
        }
        String otherHost = atTarget ? summary.getSourceHost() : summary.getTargetHost();
        Set<String> otherAddresses = atTarget ? sourceAddresses : targetAddresses;
        String otherRaw = sourceEnd ? l.getTargetHost() : l.getSourceHost();
        String otherAddress = Addresses.canonical(otherRaw);
        return otherHost != null && endpoints.names(l, !sourceEnd).contains(otherHost)
                || otherAddress != null && otherAddresses.contains(otherAddress) ? How.BY_NAME : How.NO;
    }

    /** Bytes flow from the start of the transfer: a migration still queued owns none of the pair's traffic. */
    static Long transferStart(MigrationSummary s) {
        return s.getStartedAtUs() != null ? s.getStartedAtUs() : s.getRequestedAtUs();
    }
}
