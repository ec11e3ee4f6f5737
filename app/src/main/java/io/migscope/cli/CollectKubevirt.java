package io.migscope.cli;

import io.migscope.producers.collect.JsonFramer;
import io.migscope.producers.collect.LineSink;
import io.migscope.producers.collect.StreamLines;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A {@code kubectl get -w -o json} stream of VirtualMachineInstanceMigrations and VMIs, from stdin or a file. */
@Command(name = "kubevirt", mixinStandardHelpOptions = true,
        description = "Read a kubectl get -w -o json watch stream (stdin or --file) of VMIMs and VMIs.",
        footer = "Example: kubectl get vmim,vmi -A -w -o json | migscope collect kubevirt --cluster ocp-east")
public final class CollectKubevirt implements Callable<Integer> {
    @Mixin
    CollectOptions options;

    @Option(names = "--file", description = "Read this file instead of stdin")
    Path file;

    @Override
    public Integer call() throws Exception {
        var publisher = options.publisher();
        var context = options.context(file == null ? "stdin" : file.toString());
        CountDownLatch done = new CountDownLatch(1);
        LineSink parse = options.sink("kubevirt", context, publisher, null);
        LineSink sink = new JsonFramer(parse).andThen(new LineSink() {
            @Override
            public void accept(long receivedUs, String line) {
            }

            @Override
            public void end() {
                done.countDown();
            }
        });
        InputStream in = file == null ? System.in : Files.newInputStream(file);
        options.keep(new StreamLines(context.origin(), in, sink).start());
        return options.runUntilStopped(done);
    }
}
