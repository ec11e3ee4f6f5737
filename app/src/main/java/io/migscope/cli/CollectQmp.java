package io.migscope.cli;

import io.migscope.producers.collect.QmpCollector;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** QEMU's QMP socket: migration events, and query-migrate every 100 ms while a migration runs. */
@Command(name = "qmp", mixinStandardHelpOptions = true,
        description = "Subscribe to a QEMU QMP socket (events capability on) and poll query-migrate while migrating.")
public final class CollectQmp implements Callable<Integer> {
    @Mixin
    CollectOptions options;

    @Option(names = "--socket", required = true, description = "QMP unix socket of the QEMU process")
    Path socket;

    @Override
    public Integer call() throws Exception {
        if (options.source.vm == null) {
            throw new io.migscope.config.ConfigException("--vm", "the qmp collector needs the VM's name");
        }
        var publisher = options.publisher();
        var context = options.context("qmp " + socket);
        options.keep(new QmpCollector(socket, options.sink("qmp", context, publisher, null), true).start());
        return options.runUntilStopped(new CountDownLatch(1));
    }
}
