package io.migscope.producers.system;

import io.migscope.producers.collect.LineSink;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps every stamped line, for the test to read back. */
final class Captured implements LineSink {
    record Line(long us, String text) {
    }

    private final List<Line> lines = new ArrayList<>();

    @Override
    public synchronized void accept(long receivedUs, String line) {
        lines.add(new Line(receivedUs, line));
    }

    synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    synchronized long count(String contains) {
        return lines.stream().filter(l -> l.text().contains(contains)).count();
    }
}
