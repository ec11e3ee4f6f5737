package io.migscope.producers.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's job statistics while a job runs: {@code virsh [-c URI] domjobinfo DOMAIN --rawstats} every 500 ms (as
 * the QMP collector polls {@code query-migrate}), because {@code migration-iteration} events carry only a number and
 * the convergence model needs remaining bytes, dirty rate and bandwidth.
 *
 * <p>A domain is polled from the event that shows a job running ({@code migration-iteration}, or a lifecycle detail
 * of a migration, save or restore) until a poll shows no job, or a finished one (Completed, Failed, Cancelled: the
 * last of these is kept, so an abort is told from a failure), or fails (the domain is gone; a destination has no
 * statistics). At start every running domain is polled once, so a job already running is found.
 *
 * <p>Each poll goes to the domain's sink as a {@code date +%s.%N} line taken just before virsh ran, then virsh's
 * stdout lines: exactly what a shell loop {@code while :; do date +%s.%N; virsh domjobinfo D; sleep 0.5; done}
 * writes, so {@code parse virsh-domjobinfo} reads a live run, its {@code --record} file and such a loop alike.
 * Where virsh lacks {@code --rawstats} (before libvirt 7.2) the pretty output is polled instead.
 */
public final class VirshJobPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VirshJobPoller.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
    private static final Pattern EVENT = Pattern.compile(
            "^\\S+ \\S+: event '(migration-iteration|lifecycle|job-completed)' for domain '(.*)':(.*)$");
    /** Lifecycle details that start or carry a job worth polling. */
    private static final Pattern JOB_DETAIL = Pattern.compile(" (?:Migrated|Post-copy|Saved|Restored)$");
    /** Job types after which there is nothing left to poll: raw codes 0, 3, 4, 5 or the pretty words. */
    private static final Pattern IDLE = Pattern.compile("^Job type: *(?:0|3|4|5|None|Completed|Failed|Cancelled) *$");

    /** Runs one virsh command and returns its stdout lines; an IOException when it could not run or failed. */
    @FunctionalInterface
    public interface Virsh {
        List<String> run(List<String> command) throws IOException;
    }

    private final String uri;
    private final Function<String, LineSink> sinkFor;
    private final Virsh virsh;
    private final Map<String, LineSink> sinks = new ConcurrentHashMap<>();
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "virsh-domjobinfo");
        t.setDaemon(true);
        return t;
    });
    private Duration interval = DEFAULT_INTERVAL;
    private boolean rawStats = true;
    private volatile boolean closed;

    /**
     * @param uri     libvirt connection URI, or null for virsh's default
     * @param sinkFor the sink for one domain's polls (a parser with that VM's identity, and a recorder)
     * @param virsh   how to run virsh ({@link #processes()} in production)
     */
    public VirshJobPoller(String uri, Function<String, LineSink> sinkFor, Virsh virsh) {
        this.uri = uri;
        this.sinkFor = sinkFor;
        this.virsh = virsh;
    }

    public VirshJobPoller interval(Duration value) {
        this.interval = value;
        return this;
    }

    /** Learns whether virsh has --rawstats, polls every running domain once, then polls active jobs on a timer. */
    public VirshJobPoller start() {
        rawStats = supportsRawStats();
        for (String domain : runningDomains()) {
            active.add(domain);
        }
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(this::pollAll, 0, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The events sink, watched on the way: an event that shows a job starts polling its domain. */
    public LineSink watching(LineSink events) {
        return new LineSink() {
            @Override
            public void accept(long receivedUs, String line) {
                events.accept(receivedUs, line);
                onEvent(line);
            }

            @Override
            public void end() {
                events.end();
            }
        };
    }

    /** Domains being polled now. */
    public Set<String> active() {
        return Set.copyOf(active);
    }

    void onEvent(String line) {
        Matcher m = EVENT.matcher(line);
        if (!m.matches()) {
            return;
        }
        boolean job = switch (m.group(1)) {
            case "lifecycle" -> JOB_DETAIL.matcher(m.group(3)).find();
            // one more poll after job-completed reads the job's end as libvirt reports it
            default -> true;
        };
        if (job) {
            active.add(m.group(2));
        }
    }

    /** One round: every active domain once; public for tests that drive the clock themselves. */
    public void pollAll() {
        for (String domain : List.copyOf(active)) {
            if (closed) {
                return;
            }
            if (!poll(domain)) {
                active.remove(domain);
            }
        }
    }

    /** Polls one domain; false when its job is over (or there is none, or the poll failed). */
    private boolean poll(String domain) {
        long stampUs = EpochMicros.now();
        List<String> lines;
        try {
            lines = virsh.run(command(domain));
        } catch (IOException e) {
            LOG.debug("virsh domjobinfo {}: {}", domain, e.getMessage());
            return false;
        }
        LineSink sink = sinks.computeIfAbsent(domain, sinkFor);
        long receivedUs = EpochMicros.now();
        SafeSink.deliver(sink, "virsh domjobinfo " + domain, 0, stampUs, dateLine(stampUs));
        boolean idle = lines.isEmpty();
        for (String line : lines) {
            SafeSink.deliver(sink, "virsh domjobinfo " + domain, 0, receivedUs, line);
            idle |= IDLE.matcher(line).matches();
        }
        return !idle;
    }

    List<String> command(String domain) {
        List<String> c = base();
        c.addAll(List.of("domjobinfo", "--domain", domain));
        if (rawStats) {
            c.add("--rawstats");
        }
        return c;
    }

    /** {@code date +%s.%N}: whole seconds, a point, nine digits of nanoseconds. */
    static String dateLine(long epochUs) {
        return Math.floorDiv(epochUs, 1_000_000L) + "." + String.format("%06d", Math.floorMod(epochUs, 1_000_000L))
                + "000";
    }

    private boolean supportsRawStats() {
        List<String> c = base();
        c.addAll(List.of("help", "domjobinfo"));
        try {
            return virsh.run(c).stream().anyMatch(l -> l.contains("--rawstats"));
        } catch (IOException e) {
            LOG.warn("virsh help domjobinfo failed ({}): polling the pretty output", e.getMessage());
            return false;
        }
    }

    private List<String> runningDomains() {
        List<String> c = base();
        c.addAll(List.of("list", "--name"));
        try {
            return virsh.run(c).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            LOG.warn("virsh list failed ({}): domains are polled from their next job event", e.getMessage());
            return List.of();
        }
    }

    private List<String> base() {
        List<String> c = new ArrayList<>(List.of("virsh"));
        if (uri != null && !uri.isBlank()) {
            c.add("-c");
            c.add(uri);
        }
        return c;
    }

    /** Runs virsh as a process in the C locale (its labels pass through gettext), with a 10 s limit. */
    public static Virsh processes() {
        return command -> {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            List<String> out = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.add(line);
                }
            }
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(String.join(" ", command) + " took more than 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted", e);
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + p.exitValue());
            }
            return out;
        };
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sinks.forEach((domain, sink) -> SafeSink.end(sink, "virsh domjobinfo " + domain));
    }
}
