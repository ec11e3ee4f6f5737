package io.migscope.app.chaos;

/**
 * The broker is unreachable for 30 s (5 s with --quick) while the collectors publish: their publisher spools to disk
 * and drains in order when the broker is back; nothing is lost within the spool bound.
 */
public final class CollectorOutage implements ChaosScenario {
    @Override
    public String name() {
        return "collector-outage";
    }

    @Override
    public String description() {
        return "broker unreachable for 30 s (quick: 5 s) while collectors publish; they spool and drain";
    }

    @Override
    public Feed feed() {
        return Feed.COLLECTOR;
    }

    @Override
    public void disturb(ChaosContext ctx) throws Exception {
        ctx.awaitPublished(0.35);
        ctx.note("broker down for " + ctx.outage().toSeconds() + " s at " + ctx.published() + " records published");
        ctx.stack().kafka().stop(false);
        Thread.sleep(ctx.outage().toMillis());
        ctx.stack().kafka().start();
        ctx.note("broker back");
    }
}
