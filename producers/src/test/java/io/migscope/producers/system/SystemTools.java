package io.migscope.producers.system;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What system tests need from the machine. A missing tool or permission skips the test with a loud reason, unless
 * {@code MIGSCOPE_REQUIRE_SYSTEM_TESTS=1} (CI), where it fails instead.
 * Debian: {@code apt-get install -y iputils-ping iftop qemu-system-x86 iproute2}; netns and iftop need root.
 */
public final class SystemTools {
    public static final boolean REQUIRED = "1".equals(System.getenv("MIGSCOPE_REQUIRE_SYSTEM_TESTS"));
    private static final List<String> EXTRA_PATH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private SystemTools() {
    }

    /** The tool's path; skips (or fails under MIGSCOPE_REQUIRE_SYSTEM_TESTS=1) when it is not installed. */
    public static Path require(String tool) {
        Path found = find(tool);
        requireThat(found != null, tool + " is not installed (Debian: apt-get install -y iputils-ping iftop"
                + " qemu-system-x86 iproute2)");
        return found;
    }

    /** Skips (or fails when system tests are required) unless {@code condition} holds. */
    public static void requireThat(boolean condition, String reason) {
        if (condition) {
            return;
        }
        String message = "SYSTEM TEST NOT RUN: " + reason;
        System.err.println("*** " + message + " ***");
        if (REQUIRED) {
            fail(message + " (MIGSCOPE_REQUIRE_SYSTEM_TESTS=1)");
        }
        Assumptions.abort(message);
    }

    /** Whether this process may create network namespaces (root or CAP_SYS_ADMIN + CAP_NET_ADMIN). */
    public static boolean canUseNetns() {
        if (find("ip") == null) {
            return false;
        }
        String probe = "msprobe" + ProcessHandle.current().pid();
        boolean ok = run("ip", "netns", "add", probe).ok();
        run("ip", "netns", "del", probe);
        return ok;
    }

    public static Path find(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(EXTRA_PATH);
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The outcome of a command: exit code and merged output. */
    public record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }

        public Result orThrow(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " failed with exit " + exit + ": " + output);
            }
            return this;
        }
    }

    /** Runs a command to completion (at most 20 s), merging stderr into the output. */
    public static Result run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, String.join(" ", command) + ": timed out");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
