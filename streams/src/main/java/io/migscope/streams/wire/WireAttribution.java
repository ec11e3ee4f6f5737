package io.migscope.streams.wire;

import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.state.WireMigration;
import io.migscope.topics.HostPairs;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The two processors of the wire step and what they share: a pair's link samples (window store, by interval end)
 * and its migrations' summaries (by pair and migration id). Keys inside a pair: {@code pair|...}, so a prefix
 * or range finds a pair's entries.
 */
final class WireAttribution {
    /** iftop's intervals are 2 s; this bounds how far before a sample's end its interval can start. */
    private static final long MAX_INTERVAL_MS = 60_000;
    private static final long KEEP_US = WireStep.KEEP.toMillis() * 1000;

    private WireAttribution() {
    }

    /** Shared state access and the attribution itself. */
    abstract static class Base<V> implements Processor<String, V, String, MigrationSummary> {
        ProcessorContext<String, MigrationSummary> context;
        WindowStore<String, LinkSample> samples;
        KeyValueStore<String, WireMigration> migrations;

        @Override
        public void init(ProcessorContext<String, MigrationSummary> ctx) {
            context = ctx;
            samples = ctx.getStateStore(WireStep.SAMPLES);
            migrations = ctx.getStateStore(WireStep.MIGRATIONS);
        }

        /** The pair's kept migrations. */
        List<KeyValue<String, WireMigration>> migrationsOf(String pair) {
            List<KeyValue<String, WireMigration>> out = new ArrayList<>();
            try (KeyValueIterator<String, WireMigration> it = migrations.prefixScan(pair + "|", new StringSerializer())) {
                it.forEachRemaining(out::add);
            }
            return out;
        }

        /** Recounts one migration's bytes; writes its summary when they changed. */
        void attribute(String pair, String key, WireMigration m, List<KeyValue<String, WireMigration>> all,
                       long timestampMs) {
            MigrationSummary s = m.getSummary();
            WireBytes wire = new WireBytes();
            Long from = transferStart(s);
            if (from != null && s.getCompletedAtUs() != null) {
                long to = s.getCompletedAtUs();
                try (KeyValueIterator<Windowed<String>, LinkSample> it = samples.fetch(pair + "|", pair + "|\uffff",
                        from / 1000, to / 1000 + MAX_INTERVAL_MS)) {
                    while (it.hasNext()) {
                        LinkSample l = it.next().value;
                        if (overlaps(from, to, l)) {
                            wire.add(LinkSample.newBuilder(l).setSharedWith(others(s, l, all)).build());
                        }
                    }
                }
            }
            MigrationSummary withWire = MigrationSummary.newBuilder(s).setWireBytes(wire.total())
                    .setWireBytesNote(from == null || s.getCompletedAtUs() == null
                            ? "the transfer's start or end is not known" : wire.note()).build();
            int hash = io.migscope.streams.state.ContentHash.of(withWire);
            if (hash != m.getEmittedHash()) {
                m.setEmittedHash(hash);
                migrations.put(key, m);
                context.forward(new Record<>(s.getMigrationId(), withWire, timestampMs));
            }
        }

        /** Other migrations of the pair whose transfer overlaps this sample: their bytes are in it too. */
        private static int others(MigrationSummary own, LinkSample l, List<KeyValue<String, WireMigration>> all) {
            int n = 0;
            for (KeyValue<String, WireMigration> kv : all) {
                MigrationSummary s = kv.value.getSummary();
                Long from = transferStart(s);
                if (!s.getMigrationId().equals(own.getMigrationId()) && from != null && s.getCompletedAtUs() != null
                        && overlaps(from, s.getCompletedAtUs(), l)) {
                    n++;
                }
            }
            return n;
        }

        static boolean overlaps(long fromUs, long toUs, LinkSample l) {
            return fromUs <= l.getIntervalEndUs() && toUs >= l.getIntervalStartUs();
        }

        /** Bytes flow from the start of the transfer: a migration still queued owns none of the pair's traffic. */
        static Long transferStart(MigrationSummary s) {
            return s.getStartedAtUs() != null ? s.getStartedAtUs() : s.getRequestedAtUs();
        }
    }

    /** A summary from the VM side: kept for later samples, and written with the bytes seen so far. */
    static final class OnSummary extends Base<MigrationSummary> {
        @Override
        public void process(Record<String, MigrationSummary> record) {
            String pair = record.key();
            MigrationSummary s = record.value();
            if (HostPairs.UNKNOWN.equals(pair)) {
                context.forward(new Record<>(s.getMigrationId(), MigrationSummary.newBuilder(s)
                        .setWireBytesNote("the source or target host is not known").build(), record.timestamp()));
                return;
            }
            String key = pair + "|" + s.getMigrationId();
            WireMigration old = migrations.get(key);
            WireMigration m = new WireMigration(s, old == null ? 0 : old.getEmittedHash());
            migrations.put(key, m);
            List<KeyValue<String, WireMigration>> all = forgetOld(pair, s.getCompletedAtUs());
            attribute(pair, key, m, all, record.timestamp());
            // Another migration of the pair that overlaps this one now shares its samples: its note changes.
            for (KeyValue<String, WireMigration> kv : all) {
                MigrationSummary other = kv.value.getSummary();
                Long from = transferStart(other);
                Long ownFrom = transferStart(s);
                if (!kv.key.equals(key) && from != null && ownFrom != null && other.getCompletedAtUs() != null
                        && s.getCompletedAtUs() != null && from <= s.getCompletedAtUs()
                        && other.getCompletedAtUs() >= ownFrom) {
                    attribute(pair, kv.key, kv.value, all, record.timestamp());
                }
            }
        }

        /** Forgets the pair's summaries that ended {@link WireStep#KEEP} before this one; returns the others. */
        private List<KeyValue<String, WireMigration>> forgetOld(String pair, Long endUs) {
            List<KeyValue<String, WireMigration>> kept = new ArrayList<>();
            for (KeyValue<String, WireMigration> kv : migrationsOf(pair)) {
                Long end = kv.value.getSummary().getCompletedAtUs();
                if (endUs != null && (end == null || end < endUs - KEEP_US)) {
                    migrations.delete(kv.key);
                } else {
                    kept.add(kv);
                }
            }
            return kept;
        }
    }

    /** A link sample: kept, and added to the kept summaries whose transfer it overlaps. */
    static final class OnLink extends Base<LinkSample> {
        @Override
        public void process(Record<String, LinkSample> record) {
            LinkSample l = record.value();
            String pair = HostPairs.key(l.getSourceHost(), l.getTargetHost());
            String key = pair + "|" + l.getHost() + "|" + l.getSourcePort() + "|" + l.getTargetPort() + "|"
                    + l.getSourceHost() + ">" + l.getTargetHost();
            long at = l.getIntervalEndUs() / 1000;
            LinkSample seen = samples.fetch(key, at);
            if (l.equals(seen)) {
                return;
            }
            samples.put(key, l, at);
            List<KeyValue<String, WireMigration>> all = migrationsOf(pair);
            for (KeyValue<String, WireMigration> kv : all) {
                MigrationSummary s = kv.value.getSummary();
                Long from = transferStart(s);
                if (from != null && s.getCompletedAtUs() != null && overlaps(from, s.getCompletedAtUs(), l)) {
                    attribute(pair, kv.key, kv.value, all, record.timestamp());
                }
            }
        }
    }
}
