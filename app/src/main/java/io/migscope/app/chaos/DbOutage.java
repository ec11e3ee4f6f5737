package io.migscope.app.chaos;

/**
 * PostgreSQL is stopped for 30 s (5 s with --quick) while outputs are being written, and started again on the same
 * port and data directory. The sink must pause and retry, not drop: every row is there exactly once afterwards.
 */
public final class DbOutage implements ChaosScenario {
    @Override
    public String name() {
        return "db-outage";
    }

    @Override
    public String description() {
        return "stop PostgreSQL for 30 s (quick: 5 s) mid-run";
    }

    @Override
    public void disturb(ChaosContext ctx) throws Exception {
        ctx.awaitPublished(0.4);
        awaitFirstRows(ctx);
        ctx.note("stopping PostgreSQL for " + ctx.outage().toSeconds() + " s at " + ctx.published()
                + " records published" + (ctx.pipeline() == null ? ""
                : ", sink: " + ctx.pipeline().sink().runner().counters()));
        ctx.stack().database().stop();
        Thread.sleep(ctx.outage().toMillis());
        ctx.stack().database().start();
        ctx.note("PostgreSQL back");
        if (ctx.pipeline() != null && ctx.pipeline().sink() != null) {
            ctx.awaitPublished(1.0);
            ctx.note("sink: " + ctx.pipeline().sink().runner().counters());
        }
    }

    /** The outage should cut into a sink that is writing, not one that has not started yet. */
    private static void awaitFirstRows(ChaosContext ctx) throws InterruptedException {
        if (ctx.pipeline() == null || ctx.pipeline().sink() == null) {
            return;
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (ctx.pipeline().sink().runner().counters().rowsWritten() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }
}
