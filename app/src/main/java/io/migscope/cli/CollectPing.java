package io.migscope.cli;

import io.migscope.avro.CaptureScope;
import io.migscope.config.Durations;
import io.migscope.producers.collect.PingCollector;
import io.migscope.producers.publish.Publisher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ping -D -O -i 0.1} per target VM; lost probes are the VM's blackout. */
@Command(name = "ping", mixinStandardHelpOptions = true, description = "Probe VMs with ping -D -O every 100 ms.")
public final class CollectPing implements Callable<Integer> {
    @Mixin
    CollectOptions options;

    @Option(names = "--target", paramLabel = "VM=ADDR", required = true, description = "VM name and address (repeatable)")
    List<String> targets;

    @Option(names = "--probe-interval", paramLabel = "DURATION", defaultValue = "100ms",
            description = "Probe interval (default: ${DEFAULT-VALUE})")
    String probeInterval;

    @Override
    public Integer call() throws Exception {
        Publisher publisher = options.publisher();
        Duration interval = Durations.parse(probeInterval);
        for (String spec : targets) {
            PingCollector.Target t = PingCollector.Target.parse(spec);
            var context = options.context("ping " + t.vm())
                    .withIdentity(t.vm(), options.source.cluster, options.source.host, null)
                    .withPing(t.address(), interval.toNanos() / 1000, Durations.parse(options.source.timeout).toNanos() / 1000);
            // Closed after the prober (in reverse order): the VM's migrations need not wait for more probes.
            options.keep(() -> publisher.publishCaptureEnd(t.vm(), System.currentTimeMillis() * 1000L,
                    CaptureScope.PROBES, "ping collector stopped"));
            options.keep(new PingCollector(t, interval, options.sink("ping", context, publisher, t.vm())).start());
        }
        return options.runUntilStopped(new CountDownLatch(1));
    }
}
