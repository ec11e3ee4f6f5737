package io.migscope.cli;

import io.migscope.producers.collect.IftopCollector;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code iftop -t -n -N -P -B} on the migration interface: bytes between hosts every 2 s. */
@Command(name = "iftop", mixinStandardHelpOptions = true, description = "Measure bytes between hosts with iftop -t.")
public final class CollectIftop implements Callable<Integer> {
    @Mixin
    CollectOptions options;

    @Override
    public Integer call() throws Exception {
        String iface = options.source.iface;
        if (iface == null) {
            throw new io.migscope.config.ConfigException("--iface", "the interface the migration traffic crosses is required");
        }
        var publisher = options.publisher();
        var context = options.context("iftop " + iface).withIftop(iface, null,
                io.migscope.producers.parse.ParseContext.IFTOP_INTERVAL_US);
        options.keep(new IftopCollector(iface, options.sink("iftop", context, publisher, null)).start());
        return options.runUntilStopped(new CountDownLatch(1));
    }
}
