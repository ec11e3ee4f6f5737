package io.migscope.cli;

import picocli.CommandLine.Command;

/** Live collectors: run a tool (or read a stream), parse what it prints, publish the records to Kafka. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Run a live source and publish its normalised records to Kafka (rejects go to the dead-letter topic).",
        subcommands = {CollectPing.class, CollectIftop.class, CollectQmp.class, CollectVirsh.class,
                CollectKubevirt.class, CollectNovaLog.class, CollectVsphere.class})
public final class CollectCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
