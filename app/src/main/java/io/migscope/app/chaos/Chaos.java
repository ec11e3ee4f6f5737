package io.migscope.app.chaos;

import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chaos harness: one embedded stack (broker, registry, PostgreSQL) of its own, the fixed generated run, its
 * clean run as the reference (made once), and one disturbed run per scenario compared with it.
 *
 * <pre>{@code
 * try (Chaos chaos = Chaos.start(workDir, true)) {
 *     ChaosReport r = chaos.run(new BrokerRestart());
 * }
 * }</pre>
 */
public final class Chaos implements AutoCloseable {
    private final EmbeddedStack stack;
    private final MigscopeConfig config;
    private final Path workDir;
    private final boolean quick;
    private final ChaosInput input;
    private RunOutputs reference;

    private Chaos(EmbeddedStack stack, MigscopeConfig config, Path workDir, boolean quick) {
        this.stack = stack;
        this.config = config;
        this.workDir = workDir;
        this.quick = quick;
        this.input = ChaosInput.generate(quick);
    }

    /** Every scenario, in the order {@code --scenario all} runs them. Add new ones here. */
    public static List<ChaosScenario> scenarios() {
        return List.of(new BrokerRestart(), new DbOutage(), new CollectorOutage(), new Poison(), new KillStreams(),
                new ScaleOut());
    }

    public static Optional<ChaosScenario> scenario(String name) {
        return scenarios().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Starts the embedded stack under {@code workDir} (its own broker: scenarios restart it). */
    public static Chaos start(Path workDir, boolean quick) {
        return start(MigscopeConfig.defaults(), workDir, quick);
    }

    public static Chaos start(MigscopeConfig config, Path workDir, boolean quick) {
        EmbeddedStack stack = EmbeddedStack.start(workDir.resolve("stack"), 0, 0, true);
        return new Chaos(stack, config, workDir, quick);
    }

    public ChaosInput input() {
        return input;
    }

    public EmbeddedStack stack() {
        return stack;
    }

    /** The clean run's outputs; made on first use. A clean run that itself goes wrong stops everything. */
    public synchronized RunOutputs reference() throws Exception {
        if (reference == null) {
            ChaosRun.Outcome clean = ChaosRun.run(stack, config, input, null, "clean", workDir, quick, Duration.ZERO);
            if (clean.error() != null || !clean.outputs().deadLetters().isEmpty() || clean.outputs().keys("summaries") == 0) {
                throw new IllegalStateException("the clean run is no reference: " + clean.error() + ", "
                        + clean.outputs().keys("summaries") + " summaries, dead letters "
                        + clean.outputs().deadLetters());
            }
            reference = clean.outputs();
        }
        return reference;
    }

    public ChaosReport run(ChaosScenario scenario) throws Exception {
        RunOutputs ref = reference();
        ChaosRun.Outcome run = ChaosRun.run(stack, config, input, scenario, scenario.name(), workDir, quick,
                publishTime());
        return ChaosReport.of(scenario.name(), ref, run);
    }

    /** {@code all} or one scenario's name. */
    public List<ChaosReport> run(String nameOrAll) throws Exception {
        List<ChaosReport> out = new ArrayList<>();
        for (ChaosScenario s : scenarios()) {
            if (nameOrAll.equals("all") || s.name().equals(nameOrAll)) {
                out.add(run(s));
            }
        }
        return out;
    }

    /** How long a disturbed run takes to publish its input: long enough for the disturbance to land mid-run. */
    private Duration publishTime() {
        return quick ? Duration.ofSeconds(8) : Duration.ofSeconds(40);
    }

    @Override
    public void close() {
        stack.close();
    }
}
