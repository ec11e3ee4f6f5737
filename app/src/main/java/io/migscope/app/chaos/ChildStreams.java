package io.migscope.app.chaos;

import io.migscope.cli.StreamsCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code migscope streams} instance as a child JVM on this JVM's classpath, with its own state directory: the
 * unit the process-level chaos scenarios kill ({@link #kill()} is SIGKILL: no close, no commit, no leave-group) and
 * start again. Its output goes to a log file, appended across restarts.
 *
 * <pre>{@code
 * try (ChildStreams s = ChildStreams.start(spec, Duration.ofSeconds(60))) {
 *     s.kill();
 *     s.restart(Duration.ofSeconds(60));
 *     int exit = s.stop(Duration.ofSeconds(30));   // SIGTERM: 0 after a clean close
 * }
 * }</pre>
 */
public final class ChildStreams implements AutoCloseable {
    private static final Pattern API = Pattern.compile(" api (http://\\S+?),");
    private static final int TAIL_LINES = 40;

    private final Spec spec;
    private final Deque<String> tail = new ArrayDeque<>();
    private Process process;
    private CompletableFuture<String> running;
    private Thread output;
    private int starts;

    /**
     * @param name     shown in the log and in errors ("streams-1")
     * @param stateDir this instance's Kafka Streams state; kept across restarts, as on a real node
     * @param log      the child's stdout and stderr, appended
     * @param args     the arguments after {@code streams} (--bootstrap, --registry, --set ...)
     * @param env      added to the child's environment (secrets such as MIGSCOPE_JDBC_PASSWORD)
     */
    public record Spec(String name, Path stateDir, Path log, List<String> args, Map<String, String> env) {
    }

    private ChildStreams(Spec spec) {
        this.spec = spec;
    }

    /** Starts the child and waits until its Kafka Streams application is RUNNING and its API answers. */
    public static ChildStreams start(Spec spec, Duration timeout) throws IOException, InterruptedException {
        ChildStreams c = new ChildStreams(spec);
        try {
            c.launch();
            c.awaitRunning(timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** SIGKILL, then waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor();
        output.join(5_000);
        note("killed (SIGKILL), exit " + process.exitValue());
    }

    /** Starts the same instance again (same state directory and arguments) and waits until it is RUNNING. */
    public void restart(Duration timeout) throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException(spec.name() + " is still running");
        }
        launch();
        awaitRunning(timeout);
    }

    /** SIGTERM and waits for the exit; returns the exit code (0 after a clean close), or -1 if it did not stop. */
    public int stop(Duration timeout) throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of the pipe and lose the last lines.
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.toHandle().destroyForcibly();
            process.waitFor();
            return -1;
        }
        // The last lines (the clean-close message) are in the log once the output thread reached the end.
        output.join(5_000);
        return process.exitValue();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** How many times the child was launched. */
    public int starts() {
        return starts;
    }

    /** The base URL of this instance's HTTP API, from its RUNNING line. */
    public String apiUrl() {
        Matcher m = API.matcher(running.getNow(""));
        if (!m.find()) {
            throw new IllegalStateException(spec.name() + " has not reported its API yet");
        }
        return m.group(1);
    }

    /** The last lines the child printed, for error messages. */
    public synchronized String tail() {
        return String.join("\n", tail);
    }

    private void launch() throws IOException {
        Files.createDirectories(spec.stateDir());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.migscope.cli.Main", "streams",
                "--state-dir", spec.stateDir().toString()));
        cmd.addAll(spec.args());
        running = new CompletableFuture<>();
        starts++;
        note("starting (" + starts + ")");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(spec.env());
        process = pb.start();
        Process p = process;
        CompletableFuture<String> r = running;
        output = new Thread(() -> pump(p, r), spec.name() + "-output");
        output.setDaemon(true);
        output.start();
    }

    /** Copies the child's output to the log, and completes {@code r} with its RUNNING line (or fails at EOF). */
    private void pump(Process p, CompletableFuture<String> r) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(spec.log(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            for (String line; (line = in.readLine()) != null; ) {
                log.write(line);
                log.write('\n');
                log.flush();
                remember(line);
                if (line.startsWith(StreamsCommand.RUNNING)) {
                    r.complete(line);
                }
            }
        } catch (IOException e) {
            r.completeExceptionally(new UncheckedIOException(e));
        }
        r.completeExceptionally(new IllegalStateException(spec.name() + " exited before RUNNING"));
    }

    private void awaitRunning(Duration timeout) throws InterruptedException {
        try {
            running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(spec.name() + " did not reach RUNNING within " + timeout
                    + ": " + e.getMessage() + "; last output (" + spec.log() + "):\n" + tail(), e);
        }
    }

    private synchronized void remember(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    private void note(String what) {
        String line = "---- " + spec.name() + ": " + what;
        remember(line);
        try {
            Files.writeString(spec.log(), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + spec.log(), e);
        }
    }

    public String name() {
        return spec.name();
    }

    /** Stops the child if it still runs (SIGTERM, SIGKILL after 30 s): no JVM is ever left behind. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                int exit = stop(Duration.ofSeconds(30));
                note("stopped (SIGTERM), exit " + exit);
            } catch (InterruptedException e) {
                process.toHandle().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
