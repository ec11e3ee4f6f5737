package io.migscope.streams;

/**
 * Since when (wall clock, ms) the brokers the inputs come from have answered without a break. A partition that has
 * been quiet while the broker was unreachable is cut off, not quiet: its records may be spooled by the collectors and
 * on their way, so the idle flush must not count that time.
 */
@FunctionalInterface
public interface InputHealth {
    /** For tests and tools without a broker to watch: always reachable. */
    InputHealth ALWAYS = () -> Long.MIN_VALUE;

    /** Wall-clock ms of the first answer after the last failure; {@link Long#MAX_VALUE} while unreachable. */
    long reachableSinceMs();
}
