package io.migscope.streams;

import io.migscope.avro.Alert;
import io.migscope.avro.DeadLetter;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Rollup;
import io.migscope.avro.VmSignal;
import io.migscope.avro.WaveStatus;
import io.migscope.streams.state.StateSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of every topic a topology reads or writes, built once from configuration, and the factory
 * they came from (state values use it too).
 */
public record TopologySerdes(Serde<LinkSample> links, Serde<VmSignal> signals, Serde<MigrationTimeline> timelines,
                             Serde<DowntimeReport> downtime, Serde<MigrationSummary> summaries, Serde<Alert> alerts,
                             Serde<Rollup> rollups, Serde<DeadLetter> deadLetters, Serde<WaveStatus> waves,
                             StateSerdes state) {

    /** Interface for building one serde per generated class (the registry-backed wire serde, or Confluent's). */
    public interface Factory {
        <T extends SpecificRecord> Serde<T> serde(Class<T> type);
    }

    public static TopologySerdes from(Factory f) {
        return new TopologySerdes(f.serde(LinkSample.class), f.serde(VmSignal.class),
                f.serde(MigrationTimeline.class), f.serde(DowntimeReport.class), f.serde(MigrationSummary.class),
                f.serde(Alert.class), f.serde(Rollup.class), f.serde(DeadLetter.class), f.serde(WaveStatus.class),
                new StateSerdes(f));
    }

    /** Serializes an input record again, for the raw bytes of a dead letter. */
    public byte[] rawBytes(String topic, Object value) {
        if (value instanceof VmSignal s) {
            return signals.serializer().serialize(topic, s);
        }
        if (value instanceof LinkSample l) {
            return links.serializer().serialize(topic, l);
        }
        return String.valueOf(value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
