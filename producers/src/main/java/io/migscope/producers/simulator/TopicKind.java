package io.migscope.producers.simulator;

/**
 * Which input topic a simulated record belongs on. The ordinal breaks event-time ties: events, then pings, then
 * links, then guest samples. GUEST records (GuestSample, the guest's own ms per GiB) are made only when the spec
 * asks for them ({@link SimulationSpec#guestSamples()}).
 */
public enum TopicKind {
    EVENT,
    PING,
    LINK,
    GUEST
}
