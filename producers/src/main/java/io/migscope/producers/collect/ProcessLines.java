package io.migscope.producers.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a tool and hands each stdout line, stamped with its receive time, to a {@link LineSink}; stderr is logged.
 * Configure with the fluent setters, then {@link #start()}:
 *
 * <pre>{@code
 * ProcessLines p = new ProcessLines("ping vm1", List.of("ping", "-D", "10.0.0.5"), sink)
 *         .restartAfter(Duration.ofSeconds(1)).start();
 * ...
 * p.close();
 * }</pre>
 */
public final class ProcessLines implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessLines.class);
    private static final Path STDBUF = Path.of("/usr/bin/stdbuf");
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final String name;
    private final List<String> command;
    private final LineSink sink;
    private final AtomicLong lines = new AtomicLong();
    private final AtomicInteger starts = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    private Duration restartDelay;
    private boolean lineBuffered;
    private Map<String, String> environment = Map.of();
    private volatile boolean closed;
    private volatile Process process;
    private Thread reader;

    public ProcessLines(String name, List<String> command, LineSink sink) {
        this.name = name;
        this.command = List.copyOf(command);
        this.sink = sink;
    }

    /** Restart the tool this long after it exits on its own; without this call the source ends when the tool does. */
    public ProcessLines restartAfter(Duration delay) {
        this.restartDelay = delay;
        return this;
    }

    /**
     * Run the tool under {@code stdbuf -oL}: tools that use stdio (iftop) fully buffer stdout into a pipe, which
     * would delay lines by seconds and ruin their receive stamps.
     */
    public ProcessLines lineBuffered(boolean on) {
        this.lineBuffered = on;
        return this;
    }

    /**
     * Extra environment for the tool. This is how secrets reach a tool (govc reads GOVC_PASSWORD): unlike arguments,
     * the environment shows in no process list and in none of the log lines here.
     */
    public ProcessLines environment(Map<String, String> extra) {
        this.environment = Map.copyOf(extra);
        return this;
    }

    /** The command as it is spawned. */
    public List<String> command() {
        if (!lineBuffered) {
            return command;
        }
        if (!Files.isExecutable(STDBUF)) {
            LOG.warn("{}: {} not found, running without forced line buffering; receive stamps may be late", name, STDBUF);
            return command;
        }
        List<String> c = new ArrayList<>(List.of(STDBUF.toString(), "-oL"));
        c.addAll(command);
        return c;
    }

    public ProcessLines start() {
        reader = new Thread(this::run, "lines-" + name);
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    /** Lines read so far, over every run of the tool. */
    public long lines() {
        return lines.get();
    }

    /** How many times the tool was spawned. */
    public int starts() {
        return starts.get();
    }

    /** Waits until the source has ended (tool gone and not restarted, or closed). */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            while (!closed) {
                int exit = runOnce();
                if (closed || restartDelay == null) {
                    LOG.info("{}: exited with code {}", name, exit);
                    break;
                }
                LOG.warn("{}: exited with code {}, restarting in {} ms", name, exit, restartDelay.toMillis());
                Thread.sleep(restartDelay.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("{}: cannot run {}: {}", name, command(), e.toString());
        } finally {
            SafeSink.end(sink, name);
            ended.countDown();
        }
    }

    private int runOnce() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command());
        // The parsers read the tools' untranslated output: labels, words and the '.' decimal point of the C locale.
        builder.environment().put("LC_ALL", "C");
        builder.environment().putAll(environment);
        Process p = builder.start();
        process = p;
        starts.incrementAndGet();
        LOG.info("{}: started pid {}: {}", name, p.pid(), String.join(" ", command()));
        Thread err = logStderr(p.getErrorStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                long now = EpochMicros.now();
                SafeSink.deliver(sink, name, lines.incrementAndGet(), now, line);
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("{}: reading stdout failed: {}", name, e.toString());
            }
        }
        int exit = p.waitFor();
        err.join(STOP_GRACE.toMillis());
        return exit;
    }

    private Thread logStderr(InputStream stderr) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    LOG.warn("{} stderr: {}", name, line);
                }
            } catch (IOException e) {
                LOG.debug("{}: stderr closed: {}", name, e.toString());
            }
        }, "stderr-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Stops the tool (SIGTERM, then SIGKILL after a grace period) and waits for the reader to finish. */
    @Override
    public void close() {
        closed = true;
        Process p = process;
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (reader != null) {
            reader.interrupt();
            try {
                reader.join(STOP_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
