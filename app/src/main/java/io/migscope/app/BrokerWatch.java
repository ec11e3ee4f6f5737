package io.migscope.app;

import io.migscope.config.MigscopeConfig;
import io.migscope.streams.InputHealth;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks the broker every second whether it answers, so the correlator's idle flush can tell a quiet fleet from a
 * broker outage (during which the collectors spool their records and send them late).
 */
public final class BrokerWatch implements InputHealth, AutoCloseable {
    private static final int TIMEOUT_MS = 2_000;

    private final Admin admin;
    private final ScheduledExecutorService timer;
    private volatile long reachableSinceMs = System.currentTimeMillis();

    private BrokerWatch(Admin admin) {
        this.admin = admin;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "migscope-broker-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching the brokers at {@code bootstrapServers} with the configured client settings. */
    public static BrokerWatch start(MigscopeConfig config, String bootstrapServers) {
        BrokerWatch w = new BrokerWatch(Admin.create(config.kafkaProperties(bootstrapServers)));
        w.timer.scheduleWithFixedDelay(w::check, 1, 1, TimeUnit.SECONDS);
        return w;
    }

    private void check() {
        boolean up;
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).clusterId()
                    .get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            up = true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            up = false;
        }
        if (!up) {
            reachableSinceMs = Long.MAX_VALUE;
        } else if (reachableSinceMs == Long.MAX_VALUE) {
            reachableSinceMs = System.currentTimeMillis();
        }
    }

    @Override
    public long reachableSinceMs() {
        return reachableSinceMs;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
