package io.migscope.app.bench;

import io.migscope.cli.Main;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;

/**
 * {@code migscope demo} started as a user starts it, twice, each time a JVM of its own, and stopped after its first
 * record processed ({@code --exit-after-startup}); the figure is the demo's own, from the JVM's launch.
 * <ul>
 *   <li>cold: a fresh work directory (PostgreSQL's initdb, the KRaft storage format, every topic created) and no
 *       class-data archive, as the first run after a build;</li>
 *   <li>warm: the same work directory again, with the class-data archive the cold run wrote at its exit, as
 *       {@code ./migscope} keeps one per command.</li>
 * </ul>
 * Both run with the JVM options {@code ./migscope} gives the demo. The archive needs a class path of jars only (the
 * runnable jar); from a build tree the warm run goes without one.
 */
final class StartupBench {
    private static final Pattern STARTUP = Pattern.compile("^start-up: ([0-9.]+) s ");
    private static final Pattern STEPS = Pattern.compile("^\\s+steps, s after launch: (.*)$");
    private static final long TIMEOUT_S = 240;
    /** What {@code ./migscope} adds for {@code demo} (C1 only); {@code LauncherTest} checks the two agree. */
    static final List<String> DEMO_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    private StartupBench() {
    }

    /** @param configArgs {@code --config}/{@code --set} arguments for both demos */
    static List<BenchResult> run(List<String> configArgs) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("migscope-bench-startup-");
        try {
            Path work = dir.resolve("work");
            Path archive = dir.resolve("demo.jsa");
            BenchResult cold = launch("startup/cold", work, archive, false, configArgs, dir.resolve("cold.log"));
            BenchResult warm = launch("startup/warm", work, archive, true, configArgs, dir.resolve("warm.log"));
            return List.of(cold, warm);
        } finally {
            Utils.delete(dir.toFile());
        }
    }

    private static BenchResult launch(String name, Path work, Path archive, boolean warm, List<String> configArgs, Path log)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> heap = heapOptions();
        cmd.addAll(heap);
        if (heap.stream().noneMatch(o -> o.contains("Tiered"))) {
            cmd.addAll(DEMO_JVM_OPTIONS);
        }
        boolean shared = sharable(System.getProperty("java.class.path"));
        if (shared) {
            cmd.add(warm ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + archive);
            cmd.add("-Xlog:cds=off");
            cmd.add("-Xlog:cds+dynamic=off");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo",
                "--work-dir", work.toString(), "--duration", TIMEOUT_S + "s", "--set", "http.port=0",
                "--exit-after-startup"));
        cmd.addAll(configArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Double seconds = null;
        String steps = "";
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
                Matcher m = STARTUP.matcher(line);
                if (m.find()) {
                    seconds = Double.parseDouble(m.group(1));
                }
                Matcher s = STEPS.matcher(line);
                if (s.find()) {
                    steps = s.group(1);
                }
            }
        } finally {
            Files.write(log, lines, StandardCharsets.UTF_8);
        }
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (seconds == null || p.exitValue() != 0) {
            throw new BenchFailure(name + ": the demo did not report its start-up (exit " + p.exitValue()
                    + "); its last lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        }
        String how = (warm ? "same work dir again" : "fresh work dir")
                + (shared ? warm ? ", class-data archive" : ", no class-data archive" : ", no class-data archive (class path not all jars)");
        // No heap figure: the demo's heap is its own JVM's, not this one's.
        return new BenchResult(name, 1, null, seconds, null, null, null, null, Map.of(), how + "; steps (s): " + steps);
    }

    /** The launcher's heap: {@code MIGSCOPE_JAVA_OPTS} as {@code ./migscope} reads it, else its default. */
    private static List<String> heapOptions() {
        String opts = System.getenv("MIGSCOPE_JAVA_OPTS");
        return opts == null || opts.isBlank() ? List.of("-Xmx2g") : Arrays.asList(opts.trim().split("\\s+"));
    }

    /** A class-data archive can only be written for a class path of jars (no directories). */
    private static boolean sharable(String classPath) {
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !new File(entry).isFile()) {
                return false;
            }
        }
        return true;
    }
}
