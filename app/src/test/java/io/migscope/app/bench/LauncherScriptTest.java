package io.migscope.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./migscope} launcher, run as it is on a copy of itself with a built jar in place and a
 * {@code java} on the PATH that prints its arguments: which JVM options each command gets. The start-up bench launches
 * the demo with the same options, so its figures are the ones a user sees.
 */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("..", "migscope");

    @Test
    void theDemoRunsOnC1AndEachCommandKeepsAClassDataArchive(@TempDir Path dir) throws Exception {
        Path root = install(dir);

        List<String> first = launch(root, Map.of(), "demo", "--duration", "5s");
        Path archive = archiveOf(first, "-XX:ArchiveClassesAtExit=");
        assertThat(archive.getParent()).isEqualTo(root.resolve("app/target/cds"));
        assertThat(archive.getFileName().toString()).startsWith("demo-").endsWith(".jsa");
        assertThat(first).containsAll(StartupBench.DEMO_JVM_OPTIONS).contains("-Xmx2g", "-jar");
        assertThat(first.subList(first.indexOf("-jar") + 2, first.size())).containsExactly("demo", "--duration", "5s");

        // The JVM writes the archive at exit; the next run maps it.
        Files.writeString(archive, "archive");
        List<String> second = launch(root, Map.of(), "demo");
        assertThat(second).contains("-XX:SharedArchiveFile=" + archive).doesNotContain("-XX:ArchiveClassesAtExit=" + archive);

        List<String> streams = launch(root, Map.of(), "streams", "--bootstrap", "k:9092");
        assertThat(streams).noneMatch(a -> a.contains("Tiered"));
        assertThat(archiveOf(streams, "-XX:ArchiveClassesAtExit=").getFileName().toString()).startsWith("streams-");

        assertThat(launch(root, Map.of(), "demo", "--help")).noneMatch(a -> a.contains("Archive"));
        List<String> own = launch(root, Map.of("MIGSCOPE_JAVA_OPTS", "-Xmx4g -XX:-TieredCompilation"), "demo");
        assertThat(own).contains("-Xmx4g", "-XX:-TieredCompilation").doesNotContain("-Xmx2g")
                .doesNotContainAnyElementsOf(StartupBench.DEMO_JVM_OPTIONS);
    }

    /** A copy of the launcher with a jar newer than any source (so it never builds) and a java that echoes. */
    private static Path install(Path dir) throws IOException {
        Path root = dir.resolve("repo");
        Files.createDirectories(root.resolve("app/target"));
        Files.copy(SCRIPT, root.resolve("migscope"));
        Files.writeString(root.resolve("app/target/migscope.jar"), "jar");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return root;
    }

    private static List<String> launch(Path root, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("migscope").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", root.getParent().resolve("bin") + ":" + pb.environment().get("PATH"));
        pb.environment().remove("MIGSCOPE_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    private static Path archiveOf(List<String> args, String option) {
        return Path.of(args.stream().filter(a -> a.startsWith(option)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + option + " in " + args)).substring(option.length()));
    }
}
