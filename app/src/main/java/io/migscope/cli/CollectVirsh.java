package io.migscope.cli;

import io.migscope.config.Durations;
import io.migscope.producers.collect.LineSink;
import io.migscope.producers.collect.VirshCollector;
import io.migscope.producers.collect.VirshJobPoller;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.publish.Publisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code virsh event --all --loop --timestamp} (lifecycle, iterations, job-completed statistics) and, while a job
 * runs, {@code virsh domjobinfo DOMAIN --rawstats} every 500 ms. With {@code --record FILE} the events go to FILE and
 * each domain's polls to {@code FILE.domjobinfo.DOMAIN} (format virsh-domjobinfo, with that VM).
 */
@Command(name = "virsh", mixinStandardHelpOptions = true,
        description = "Follow libvirt events with virsh event, and poll virsh domjobinfo while a job runs.")
public final class CollectVirsh implements Callable<Integer> {
    @Mixin
    CollectOptions options;

    @Option(names = "--uri", description = "libvirt connection URI (virsh -c)")
    String uri;

    @Option(names = "--no-job-stats", description = "Do not poll virsh domjobinfo (events only)")
    boolean noJobStats;

    @Option(names = "--job-stats-interval", paramLabel = "DURATION", defaultValue = "500ms",
            description = "How often domjobinfo runs while a job is active (default: ${DEFAULT-VALUE})")
    String jobStatsInterval;

    @Override
    public Integer call() throws Exception {
        Publisher publisher = options.publisher();
        ParseContext context = options.context("virsh event");
        LineSink events = options.sink("virsh-event", context, publisher, null);
        if (!noJobStats) {
            VirshJobPoller poller = new VirshJobPoller(uri, domain -> domjobinfo(context, domain, publisher),
                    VirshJobPoller.processes()).interval(Durations.parse(jobStatsInterval));
            events = poller.watching(events);
            options.keep(poller.start());
        }
        options.keep(new VirshCollector(uri, events).start());
        return options.runUntilStopped(new CountDownLatch(1));
    }

    private LineSink domjobinfo(ParseContext events, String domain, Publisher publisher) {
        ParseContext c = events.withOrigin("virsh domjobinfo " + domain)
                .withIdentity(domain, events.cluster(), events.host(), events.role());
        try {
            return options.sink("virsh-domjobinfo", c, publisher, "domjobinfo." + domain);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the domjobinfo record file for " + domain, e);
        }
    }
}
