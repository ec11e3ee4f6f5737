package io.migscope.producers.collect;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Probes one VM with {@code ping -D -O -i INTERVAL ADDR}: {@code -D} stamps every line with the wall clock and
 * {@code -O} reports a probe still unanswered when the next one is sent. iputils 20221126 lets any user go down to
 * 2 ms intervals, so 0.1 s needs no root.
 */
public final class PingCollector implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    private final Target target;
    private final Duration interval;
    private final ProcessLines process;

    /** One {@code --target VM=ADDR}. */
    public record Target(String vm, String address) {
        /** Parses {@code VM=ADDR}. */
        public static Target parse(String spec) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("ping target '" + spec + "' is invalid, expected VM=ADDR (e.g. vm-17=10.0.0.5)");
            }
            return new Target(spec.substring(0, eq).trim(), spec.substring(eq + 1).trim());
        }
    }

    public PingCollector(Target target, Duration interval, LineSink sink) {
        if (interval.toMillis() < 2) {
            throw new IllegalArgumentException("ping interval " + interval + " is below iputils' 2 ms minimum");
        }
        this.target = target;
        this.interval = interval;
        this.process = new ProcessLines("ping " + target.vm(), command(target.address(), interval), sink)
                .restartAfter(Duration.ofSeconds(1));
    }

    /** The ping command line for {@code address}. */
    public static List<String> command(String address, Duration interval) {
        // ping takes seconds with a decimal point; Locale.ROOT keeps it a point everywhere.
        String seconds = String.format(Locale.ROOT, "%.3f", interval.toNanos() / 1e9);
        return List.of("ping", "-D", "-O", "-i", seconds, address);
    }

    public PingCollector start() {
        process.start();
        return this;
    }

    public Target target() {
        return target;
    }

    public Duration interval() {
        return interval;
    }

    public long lines() {
        return process.lines();
    }

    @Override
    public void close() {
        process.close();
    }
}
