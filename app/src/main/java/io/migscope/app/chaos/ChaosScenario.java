package io.migscope.app.chaos;

/**
 * One disturbance of a running pipeline. The harness ({@link Chaos}) does everything else: it replays the fixed
 * generated run on fresh topics, application id and run name, calls {@link #startApplication} and then
 * {@link #disturb} on its own thread while the input is published, waits until the outputs settle, and compares
 * them with the clean run's.
 *
 * <pre>{@code
 * final class BrokerRestart implements ChaosScenario {
 *     public String name() { return "broker-restart"; }
 *     public String description() { return "restart the broker mid-run"; }
 *     public void disturb(ChaosContext ctx) throws Exception {
 *         ctx.awaitPublished(0.4);
 *         ctx.note("restarting the broker");
 *         ctx.stack().kafka().restart();
 *     }
 * }
 * }</pre>
 */
public interface ChaosScenario {

    /** How the input reaches the broker. */
    enum Feed {
        /** One raw producer with a long delivery timeout, as {@code migscope replay} publishes. */
        PRODUCER,
        /** The collectors' {@code Publisher}: spools to disk while the broker is unreachable. */
        COLLECTOR
    }

    /** The name on the command line ({@code migscope chaos --scenario NAME}). */
    String name();

    /** One line for the report and {@code --help}. */
    String description();

    default Feed feed() {
        return Feed.PRODUCER;
    }

    /**
     * Starts the application under test (streams and sink) for the disturbed run; closed by the harness at the end.
     * The default is the in-process {@link io.migscope.app.Pipeline}; a scenario may start processes instead.
     * Whatever runs must use {@code ctx.target()}'s topics, application id and run name, and a sink consumer group
     * {@code applicationId + "-sink"} ({@link ChaosContext#startSink()}): the harness knows the run is finished when
     * those groups have consumed everything.
     */
    default AutoCloseable startApplication(ChaosContext ctx) throws Exception {
        return ctx.startPipeline();
    }

    /**
     * The disturbance, on its own thread while the input is published. Returns when the disturbance is over (the
     * broker, database or process back); the harness then publishes the watermarks and waits for the outputs.
     */
    void disturb(ChaosContext ctx) throws Exception;
}
