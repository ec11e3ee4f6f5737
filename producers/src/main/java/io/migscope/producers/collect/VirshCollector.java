package io.migscope.producers.collect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code virsh [-c URI] event --all --loop --timestamp}. A {@code job-completed} event spans several lines
 * (one tab-indented statistic each); they are handed on one by one, each with its own receive time.
 */
public final class VirshCollector implements AutoCloseable {
    private final ProcessLines process;

    /** @param uri libvirt connection URI, or null for virsh's default */
    public VirshCollector(String uri, LineSink sink) {
        this.process = new ProcessLines("virsh event", command(uri), sink)
                // virsh writes events through stdio; unbuffer so each line is stamped when it happens.
                .lineBuffered(true)
                .restartAfter(Duration.ofSeconds(2));
    }

    public static List<String> command(String uri) {
        List<String> c = new ArrayList<>(List.of("virsh"));
        if (uri != null && !uri.isBlank()) {
            c.add("-c");
            c.add(uri);
        }
        c.addAll(List.of("event", "--all", "--loop", "--timestamp"));
        return c;
    }

    public VirshCollector start() {
        process.start();
        return this;
    }

    @Override
    public void close() {
        process.close();
    }
}
