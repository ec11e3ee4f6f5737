package io.migscope.cli;

import io.migscope.producers.collect.FileTailer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** nova-compute.log, followed across rotation. */
@Command(name = "nova-log", mixinStandardHelpOptions = true, description = "Tail nova-compute.log and follow rotation.")
public final class CollectNovaLog implements Callable<Integer> {
    @Mixin
    CollectOptions options;

    @Option(names = "--file", required = true, description = "nova-compute.log")
    Path file;

    @Option(names = "--from-start", description = "Read the file from its start, not only new lines")
    boolean fromStart;

    @Override
    public Integer call() throws Exception {
        var publisher = options.publisher();
        var context = options.context(file.toString());
        options.keep(new FileTailer(file, options.sink("nova-log", context, publisher, null), fromStart).start());
        return options.runUntilStopped(new CountDownLatch(1));
    }
}
