package io.migscope.app.chaos;

/**
 * The broker is restarted twice while the input is published and processed: cleanly at 30 % of the input, then
 * hard at 65 % (stopped and started without its clean-shutdown marker, so it recovers its logs, producer state and
 * transactions as after a crash; a real kill -9 of the broker process is not possible in-process).
 */
public final class BrokerRestart implements ChaosScenario {
    @Override
    public String name() {
        return "broker-restart";
    }

    @Override
    public String description() {
        return "restart the broker mid-run, once cleanly and once hard";
    }

    @Override
    public void disturb(ChaosContext ctx) throws Exception {
        ctx.awaitPublished(0.3);
        ctx.note("clean broker restart at " + ctx.published() + " records published");
        ctx.stack().kafka().restart();
        ctx.note("broker back");
        ctx.awaitPublished(0.65);
        ctx.note("hard broker restart at " + ctx.published() + " records published");
        ctx.stack().kafka().restartHard();
        ctx.note("broker back after log recovery");
    }
}
