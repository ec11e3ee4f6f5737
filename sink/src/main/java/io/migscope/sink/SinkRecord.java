package io.migscope.sink;

import org.apache.avro.specific.SpecificRecord;

/**
 * One decoded output record and where it came from, so a rejection can name its topic, partition and offset
 * and keep its raw bytes.
 *
 * @param value a MigrationSummary, MigrationTimeline, DowntimeReport, Rollup or Alert
 */
public record SinkRecord(String topic, int partition, long offset, byte[] key, byte[] raw, SpecificRecord value) {
}
