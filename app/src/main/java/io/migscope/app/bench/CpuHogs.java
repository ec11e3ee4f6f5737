package io.migscope.app.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * N processes that each burn a core in a shell busy loop, for results that must not depend on a quiet machine.
 * Processes rather than threads: they compete with the pipeline the way other programs on the host do, not inside
 * this JVM. Closing ends exactly the processes started here.
 */
final class CpuHogs implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();

    private CpuHogs() {
    }

    static CpuHogs start(int n) throws IOException {
        CpuHogs hogs = new CpuHogs();
        try {
            for (int i = 0; i < n; i++) {
                hogs.processes.add(new ProcessBuilder("/bin/sh", "-c", "while :; do :; done")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
        } catch (IOException | RuntimeException e) {
            hogs.close();
            throw e;
        }
        return hogs;
    }

    /** Processes started and still burning: a report must not claim hogs that died. */
    long running() {
        return processes.stream().filter(Process::isAlive).count();
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
