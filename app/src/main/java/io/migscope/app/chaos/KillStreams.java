package io.migscope.app.chaos;

import java.util.Arrays;

/**
 * The streams process (Kafka Streams and the sink, as {@code migscope streams} runs them) is SIGKILLed 5 times
 * (2 with --quick) at seeded random points of the run and started again each time on the same state directory, as a
 * node crash and restart would. Under exactly_once_v2 the transactions it had open are aborted and invisible to
 * read_committed readers, and its state is restored from the changelogs: every output equals the clean run's.
 */
public final class KillStreams implements ChaosScenario {
    /** After the input share is reached, up to this much longer, so kills also land mid-restore and mid-commit. */
    private static final int JITTER_MS = 2_000;

    private ChildStreams streams;

    @Override
    public String name() {
        return "kill-streams";
    }

    @Override
    public String description() {
        return "SIGKILL the streams process 5 times (quick: 2) at random points, restarting it each time";
    }

    @Override
    public AutoCloseable startApplication(ChaosContext ctx) throws Exception {
        streams = StreamsProcesses.start(ctx, "streams-1");
        return streams;
    }

    @Override
    public void disturb(ChaosContext ctx) throws Exception {
        double[] points = killPoints(ctx, ctx.quick() ? 2 : 5);
        for (int i = 0; i < points.length; i++) {
            ctx.awaitPublished(points[i]);
            Thread.sleep(ctx.random().nextInt(JITTER_MS));
            ctx.note(String.format(java.util.Locale.ROOT, "SIGKILL %d/%d of streams-1 at %d records published",
                    i + 1, points.length, ctx.published()));
            streams.kill();
            restart(ctx, streams);
        }
    }

    /** Shares of the input (10 % to 90 %), sorted. */
    static double[] killPoints(ChaosContext ctx, int kills) {
        double[] points = new double[kills];
        for (int i = 0; i < kills; i++) {
            points[i] = 0.1 + 0.8 * ctx.random().nextDouble();
        }
        Arrays.sort(points);
        return points;
    }

    static void restart(ChaosContext ctx, ChildStreams child) throws Exception {
        long t0 = System.nanoTime();
        child.restart(StreamsProcesses.START_LIMIT);
        ctx.note(String.format(java.util.Locale.ROOT, "%s RUNNING again after %.1f s", child.name(),
                (System.nanoTime() - t0) / 1e9));
    }
}
