package io.migscope.topics;

import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import java.util.List;

/**
 * The names of every migscope topic, derived from one prefix. Topology code receives this object and never
 * spells a topic name itself, so a replay can run on its own prefix without touching the live topics.
 */
public record TopicNames(String prefix) {

    /** One topic: its name, whether it holds latest state per key (compacted), and what it carries. */
    public record Spec(String name, boolean compacted, String description) {
    }

    public static TopicNames from(MigscopeConfig config) {
        return new TopicNames(config.get(Keys.TOPICS_PREFIX));
    }

    /** A VM's migration events, probe batches and capture ends, in one order: {@code VmSignal}, keyed by VM. */
    public String signals() {
        return prefix + "vm-signals";
    }

    public String events() {
        return prefix + "migration-events";
    }

    public String pings() {
        return prefix + "ping-samples";
    }

    public String links() {
        return prefix + "link-samples";
    }

    public String timelines() {
        return prefix + "timelines";
    }

    public String downtime() {
        return prefix + "downtime";
    }

    public String summaries() {
        return prefix + "summaries";
    }

    public String alerts() {
        return prefix + "alerts";
    }

    public String rollups() {
        return prefix + "rollups";
    }

    public String waves() {
        return prefix + "waves";
    }

    public String deadLetters() {
        return prefix + "dead-letters";
    }

    /** Every topic migscope creates, with its cleanup policy. */
    public List<Spec> all() {
        return List.of(
                new Spec(signals(), false, "VmSignal (migration events, probe batches, capture ends), keyed by VM"),
                new Spec(events(), false, "MigrationEvent, keyed by VM"),
                new Spec(pings(), false, "PingSample, keyed by VM"),
                new Spec(links(), false, "LinkSample, keyed by unordered host pair"),
                new Spec(timelines(), true, "MigrationTimeline, latest per migration id"),
                new Spec(downtime(), true, "DowntimeReport, latest per migration id"),
                new Spec(summaries(), true, "MigrationSummary, one per ended migration"),
                new Spec(alerts(), true, "Alert, latest state per alert id"),
                new Spec(rollups(), true, "Rollup, latest per window and dimension value"),
                new Spec(waves(), true, "WaveStatus, latest per wave id"),
                new Spec(deadLetters(), false, "DeadLetter: every rejected line or record, with its raw bytes"));
    }
}
