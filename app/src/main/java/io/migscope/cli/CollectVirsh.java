package io.migscope.cli;

import io.migscope.producers.collect.VirshCollector;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code virsh event --all --loop --timestamp}: lifecycle, iterations and job-completed statistics. */
@Command(name = "virsh", mixinStandardHelpOptions = true, description = "Follow libvirt events with virsh event.")
public final class CollectVirsh implements Callable<Integer> {
    @Mixin
    CollectOptions options;

    @Option(names = "--uri", description = "libvirt connection URI (virsh -c)")
    String uri;

    @Override
    public Integer call() throws Exception {
        var publisher = options.publisher();
        var context = options.context("virsh event");
        options.keep(new VirshCollector(uri, options.sink("virsh-event", context, publisher, null)).start());
        return options.runUntilStopped(new CountDownLatch(1));
    }
}
