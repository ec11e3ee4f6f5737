package io.migscope.app.chaos;

import java.util.concurrent.CompletableFuture;

/**
 * Two streams processes share the application (same application id, own state directories and HTTP ports); one is
 * SIGKILLed at a seeded random point and started again. Its tasks move to the other instance and back: the outputs
 * equal the clean single-instance run's.
 */
public final class ScaleOut implements ChaosScenario {
    private ChildStreams first;
    private ChildStreams second;

    @Override
    public String name() {
        return "scale-out";
    }

    @Override
    public String description() {
        return "two streams processes, one SIGKILLed and restarted mid-run";
    }

    @Override
    public AutoCloseable startApplication(ChaosContext ctx) throws Exception {
        // Both at once: one group formation instead of a second rebalance after the first is RUNNING.
        CompletableFuture<ChildStreams> other = CompletableFuture.supplyAsync(() -> start(ctx, "streams-2"));
        try {
            first = StreamsProcesses.start(ctx, "streams-1");
            second = other.join();
        } catch (RuntimeException | Error e) {
            other.thenAccept(ChildStreams::close);
            if (first != null) {
                first.close();
            }
            throw e;
        }
        ctx.note("streams-1 at " + first.apiUrl() + ", streams-2 at " + second.apiUrl());
        return () -> {
            second.close();
            first.close();
        };
    }

    @Override
    public void disturb(ChaosContext ctx) throws Exception {
        ctx.awaitPublished(0.3 + 0.4 * ctx.random().nextDouble());
        Thread.sleep(ctx.random().nextInt(2_000));
        ctx.note("SIGKILL of streams-2 at " + ctx.published() + " records published; streams-1 takes its tasks");
        second.kill();
        KillStreams.restart(ctx, second);
    }

    private static ChildStreams start(ChaosContext ctx, String name) {
        try {
            return StreamsProcesses.start(ctx, name);
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not start: " + e.getMessage(), e);
        }
    }
}
