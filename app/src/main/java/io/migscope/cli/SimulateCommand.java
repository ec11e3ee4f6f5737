package io.migscope.cli;

import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.TopicAdmin;
import io.migscope.producers.publish.Publisher;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.Pacer;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The demo's simulated fleet, published to the live input topics of a cluster that is already running (a compose
 * lab, a test namespace), so that {@code migscope streams} there has migrations to show. Waves of VMs migrate back
 * to back in event time paced to the wall clock, until SIGTERM, Ctrl-C or {@code --waves}.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Publish the demo's simulated fleet (waves of 24 VMs, one never converging) to the live input"
                + " topics, in real time, until SIGTERM.",
        footer = "Example: migscope simulate --bootstrap kafka:9092 --registry http://sr:8081 --waves 3")
public final class SimulateCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--speed", defaultValue = "1", description = "Event-time speed: 1 = real time, N = N times faster (default: ${DEFAULT-VALUE})")
    String speed;

    @Option(names = "--seed", defaultValue = "1", description = "Simulator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--waves", defaultValue = "0", description = "Stop after this many waves; 0: until stopped (default: ${DEFAULT-VALUE})")
    int waves;

    @Option(names = "--spool", paramLabel = "FILE", defaultValue = "migscope-simulate.spool",
            description = "Spool file used while the broker is unreachable (default: ${DEFAULT-VALUE})")
    Path spool;

    @Override
    public Integer call() throws Exception {
        MigscopeConfig config = configOptions.load(Map.of());
        String servers = cluster.bootstrap(config);
        String registry = cluster.registry(config);
        // The broker would auto-create a missing topic with one partition, and VMs would no longer co-partition.
        TopicAdmin.createAll(servers, config);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Publisher publisher = new Publisher(config, servers, registry, spool)) {
            Pacer pacer = Pacer.parse(speed);
            String run = "sim-" + Long.toString(System.currentTimeMillis() / 1000, 36);
            for (int wave = 1; !stop.get() && (waves == 0 || wave <= waves); wave++) {
                SimulationSpec spec = SimulationSpec.demo(seed + wave, System.currentTimeMillis() * 1000L).toBuilder()
                        .wave(run + "-w" + wave).build();
                System.out.printf("migscope simulate: wave %d, %d VMs, %s%n", wave, spec.vms(), spec.wave());
                for (var it = new FleetSimulator(spec).iterator(); it.hasNext() && !stop.get(); ) {
                    SimulatedRecord r = it.next();
                    pacer.await(r.timestampUs());
                    publisher.publish(r.value());
                }
            }
            publisher.flush();
        } finally {
            done.countDown();
        }
        return 0;
    }


}
