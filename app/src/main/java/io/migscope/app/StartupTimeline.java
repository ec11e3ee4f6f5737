package io.migscope.app;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.LongConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.KafkaStreams;

/**
 * When each step of a start was done, in seconds after the launch of the JVM, so a slow start names its slow step.
 * Steps run on several threads (the broker and PostgreSQL start in parallel), so marks come from any of them and
 * {@link #steps()} lists them in the order they happened.
 *
 * <pre>{@code
 * StartupTimeline t = StartupTimeline.fromLaunch();
 * t.mark("page");
 * t.markAt("kafka", epochMs);
 * t.steps();   // "page 0.9, postgres 2.0, kafka 3.1, ..."
 * }</pre>
 */
public final class StartupTimeline {
    /**
     * Set by {@code Main} to the JVM's start (epoch ms): "from launch" then includes the JVM's own start and the
     * command line's parsing. A command run inside another JVM (tests, bench) counts from its own start instead.
     */
    public static final String LAUNCH_PROPERTY = "migscope.launch.ms";

    private final long launchMs;
    private final Map<String, Long> marks = new LinkedHashMap<>();

    public StartupTimeline(long launchMs) {
        this.launchMs = launchMs;
    }

    /** From the JVM's launch when {@code Main} started it, otherwise from now. */
    public static StartupTimeline fromLaunch() {
        return new StartupTimeline(Long.getLong(LAUNCH_PROPERTY, System.currentTimeMillis()));
    }

    public void mark(String step) {
        markAt(step, System.currentTimeMillis());
    }

    /** The first mark of a step counts: a step is done once. */
    public synchronized void markAt(String step, long epochMs) {
        marks.putIfAbsent(step, epochMs);
    }

    public synchronized void markAll(Map<String, Long> epochMsByStep) {
        epochMsByStep.forEach(marks::putIfAbsent);
    }

    public double secondsTo(long epochMs) {
        return (epochMs - launchMs) / 1000.0;
    }

    /** "cli 0.6, page 1.2, postgres 2.0, ..." in seconds after launch, earliest first. */
    public synchronized String steps() {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(marks.entrySet());
        sorted.sort(Map.Entry.comparingByValue());
        StringJoiner j = new StringJoiner(", ");
        for (Map.Entry<String, Long> e : sorted) {
            j.add(String.format(Locale.ROOT, "%s %.1f", e.getKey(), secondsTo(e.getValue())));
        }
        return j.toString();
    }

    /** CPU time this JVM used so far, every thread; NaN where the JVM does not tell. */
    public static double processCpuSeconds() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    /**
     * Calls {@code firstProcessed} with the time Kafka Streams processed its first input record (its threads'
     * {@code process-total} above zero), looking every 10 ms on a daemon thread that ends then or with the
     * application. Call it once the application runs: the metrics are looked up once, then only read.
     */
    public static void watchFirstProcessed(KafkaStreams streams, LongConsumer firstProcessed) {
        List<Metric> processed = new ArrayList<>();
        streams.metrics().forEach((name, metric) -> {
            if (name.name().equals("process-total") && name.group().equals("stream-thread-metrics")) {
                processed.add(metric);
            }
        });
        Thread t = new Thread(() -> {
            while (streams.state().isRunningOrRebalancing()) {
                if (processed.stream().anyMatch(m -> m.metricValue() instanceof Number v && v.doubleValue() > 0)) {
                    firstProcessed.accept(System.currentTimeMillis());
                    return;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "startup-first-processed");
        t.setDaemon(true);
        t.start();
    }
}
