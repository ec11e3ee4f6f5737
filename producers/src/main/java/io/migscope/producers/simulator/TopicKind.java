package io.migscope.producers.simulator;

/** Which input topic a simulated record belongs on. The ordinal breaks event-time ties: events, then pings, then links. */
public enum TopicKind {
    EVENT,
    PING,
    LINK
}
