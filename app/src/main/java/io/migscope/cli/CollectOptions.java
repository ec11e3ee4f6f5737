package io.migscope.cli;

import io.migscope.config.BrokerCheck;
import io.migscope.config.MigscopeConfig;
import io.migscope.producers.collect.LineSink;
import io.migscope.producers.collect.ParsingSink;
import io.migscope.producers.collect.Recorder;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.Parsers;
import io.migscope.producers.publish.Publisher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every live collector shares: where to publish, where to record, and who the records are about. */
public final class CollectOptions {
    @Mixin
    ConfigOptions config;

    @Mixin
    SourceOptions source;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Also write exactly what was read, with receive timestamps, for a later replay")
    Path record;

    @Option(names = "--spool", paramLabel = "FILE", defaultValue = "migscope-collector.spool",
            description = "Spool file used while the broker is unreachable (default: ${DEFAULT-VALUE})")
    Path spool;

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** The publisher, failing fast when Kafka or the registry is not configured. */
    Publisher publisher() {
        MigscopeConfig c = config.load(Map.of());
        String servers = cluster.bootstrap(c);
        // A refused login stops the collector at once; silence may be an outage, which the spool rides out.
        if (!BrokerCheck.verifyLogin(c.kafkaProperties(servers))) {
            System.err.println("warning: no answer from Kafka at " + servers + " within " + BrokerCheck.TIMEOUT.toSeconds()
                    + " s (down, or kafka.security.protocol does not match its listener): spooling until it answers");
        }
        return keep(new Publisher(c, servers, cluster.registry(c), spool));
    }

    /** Recorder (when asked) then parser, for one input of {@code format}; {@code suffix} tells recordings apart. */
    LineSink sink(String format, ParseContext context, Publisher publisher, String suffix) throws IOException {
        LineSink parse = new ParsingSink(context.origin(), Parsers.create(format, context), publisher);
        if (record == null) {
            return parse;
        }
        Path file = suffix == null ? record : record.resolveSibling(record.getFileName() + "." + suffix);
        return keep(new Recorder(file)).andThen(parse);
    }

    ParseContext context(String origin) {
        return source.context(origin);
    }

    <T extends AutoCloseable> T keep(T closeable) {
        opened.add(0, closeable);
        return closeable;
    }

    /** Runs until Ctrl-C (or {@code done} counts down), then closes everything in reverse order of opening. */
    int runUntilStopped(CountDownLatch done) throws Exception {
        Thread hook = new Thread(done::countDown, "collect-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            done.await();
        } finally {
            for (AutoCloseable c : opened) {
                c.close();
            }
        }
        return 0;
    }
}
