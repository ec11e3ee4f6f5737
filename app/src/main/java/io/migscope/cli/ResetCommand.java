package io.migscope.cli;

import io.migscope.app.reset.ResetPlan;
import io.migscope.app.reset.StreamsReset;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.topics.TopicNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Makes a stopped Kafka Streams application re-process the live input topics from a point in time: what Kafka's
 * {@code kafka-streams-application-reset} does, plus the local state cleanup. Refuses (exit 2) while the
 * application's consumer group has members; {@code --dry-run} prints every change and makes none.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Reset a stopped streams application to re-process the input topics from a point in time.",
        footer = {"", "Exit: 0 done (or dry run), 2 usage error or instances still running.",
                "Example: ./migscope reset --application-id migscope --to-datetime 2026-11-02T10:00:00Z --dry-run"})
public final class ResetCommand implements Callable<Integer> {
    @Option(names = "--application-id", required = true, paramLabel = "ID", description = "The Kafka Streams application id")
    String applicationId;

    @Option(names = "--to-datetime", required = true, paramLabel = "TIME", converter = InstantConverter.class,
            description = "Re-process input records stamped at or after this time (ISO-8601 or epoch ms)")
    Instant to;

    @Option(names = "--dry-run", description = "Print what would be done; change nothing")
    boolean dryRun;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: kafka.bootstrap.servers)")
    String bootstrap;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state directory (default: <work.dir>/streams)")
    Path stateDir;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MigscopeConfig config = configOptions.load(Map.of());
        TopicNames topics = TopicNames.from(config);
        Path state = stateDir != null ? stateDir : Path.of(config.get(Keys.WORK_DIR)).resolve("streams");
        Properties p = config.kafkaProperties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigOptions.bootstrap(bootstrap, config));
        try (Admin admin = Admin.create(p)) {
            List<String> members = StreamsReset.activeMembers(admin, applicationId);
            if (!members.isEmpty()) {
                err.println("migscope reset: application " + applicationId + " is running (consumer group members "
                        + members + "); stop every instance first (one killed without leaving the group stays a"
                        + " member until its session times out, session.timeout.ms), nothing was changed");
                err.flush();
                return Main.EXIT_USAGE;
            }
            ResetPlan plan = StreamsReset.plan(admin, applicationId, to,
                    List.of(topics.signals(), topics.links()), state);
            plan.describe().forEach(out::println);
            if (dryRun) {
                out.println("dry run: nothing was changed");
            } else {
                StreamsReset.apply(admin, plan);
                out.println("done: start the application to re-process from " + to);
            }
        } catch (IllegalStateException e) {
            err.println("migscope reset: " + e.getMessage() + "; nothing more was changed");
            err.flush();
            return Main.EXIT_USAGE;
        }
        out.flush();
        return 0;
    }
}
