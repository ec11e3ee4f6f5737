package io.migscope.streams.wire;

import io.migscope.avro.AddressFact;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.state.WireMigration;
import io.migscope.hosts.Addresses;
import io.migscope.hosts.HostInventory;
import io.migscope.streams.state.ContentHash;
import io.migscope.topics.HostPairs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.metrics.Sensor;
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
 * The two processors of the wire step and what they share, per endpoint (see {@link WireEndpoints}): the link
 * samples there (window store, by interval end) and the migrations counted or marked there (by endpoint and
 * migration id). Keys inside an endpoint: {@code endpoint|...}, so a prefix or range finds its entries.
 *
 * <p>Either arrival order gives the same result: a summary counts the samples kept at its endpoint, a sample is
 * added to the migrations kept there, and a migration's summary is written whenever its count changed. The count
 * depends only on the set of samples and migrations kept, so the last summary written is the same whatever came
 * first.
 */
final class WireAttribution {
    /** The source of the facts this step adds to a summary: the flow ends iftop showed for the migration. */
    static final String OBSERVED = "iftop on ";
    /** iftop's intervals are 2 s; this bounds how far before a sample's end its interval can start. */
    private static final long MAX_INTERVAL_MS = 60_000;
    private static final long KEEP_US = WireStep.KEEP.toMillis() * 1000;

    private WireAttribution() {
    }

    /** Shared state access and the attribution itself. */
    abstract static class Base<V> implements Processor<String, V, String, MigrationSummary> {
        final WireEndpoints endpoints;
        ProcessorContext<String, MigrationSummary> context;
        WindowStore<String, LinkSample> samples;
        KeyValueStore<String, WireMigration> migrations;

        Base(HostInventory inventory) {
            this.endpoints = new WireEndpoints(inventory);
        }

        @Override
        public void init(ProcessorContext<String, MigrationSummary> ctx) {
            context = ctx;
            samples = ctx.getStateStore(WireStep.SAMPLES);
            migrations = ctx.getStateStore(WireStep.MIGRATIONS);
        }

        /** The migrations kept at an endpoint, counted or marked. */
        List<KeyValue<String, WireMigration>> migrationsAt(String endpoint) {
            List<KeyValue<String, WireMigration>> out = new ArrayList<>();
            try (KeyValueIterator<String, WireMigration> it = migrations.prefixScan(endpoint + "|",
                    new StringSerializer())) {
                it.forEachRemaining(out::add);
            }
            return out;
        }

        /** Recounts one migration's bytes at its target endpoint; writes its summary when they changed. */
        void attribute(String endpoint, String key, WireMigration m, List<KeyValue<String, WireMigration>> all,
                       long timestampMs) {
            MigrationSummary s = m.getSummary();
            WireMatch own = WireMatch.of(s, endpoint, endpoints);
            List<WireMatch> others = others(s, endpoint, all);
            WireBytes wire = new WireBytes();
            Set<AddressFact> seen = new LinkedHashSet<>();
            for (LinkSample l : counted(own, endpoint)) {
                wire.add(LinkSample.newBuilder(l).setSharedWith(sharing(l, endpoint, others)).build());
                seen.addAll(observed(l, endpoint, own));
            }
            MigrationSummary withWire = withWire(s, wire, own.timed(), seen);
            int hash = ContentHash.of(withWire);
            if (hash != m.getEmittedHash()) {
                m.setEmittedHash(hash);
                migrations.put(key, m);
                context.forward(new Record<>(s.getMigrationId(), withWire, timestampMs));
            }
        }

        /**
         * The samples that count for a migration: those it matches; but where a measuring host showed the
         * migration's port, only those matched by port from that host (its samples without ports are other traffic).
         */
        private List<LinkSample> counted(WireMatch own, String endpoint) {
            List<LinkSample> byPort = new ArrayList<>();
            List<LinkSample> byName = new ArrayList<>();
            if (own.timed()) {
                try (KeyValueIterator<Windowed<String>, LinkSample> it = samples.fetch(endpoint + "|",
                        endpoint + "|\uffff", own.fromUs() / 1000, own.toUs() / 1000 + MAX_INTERVAL_MS)) {
                    while (it.hasNext()) {
                        LinkSample l = it.next().value;
                        WireMatch.How how = own.how(l, endpoint, endpoints);
                        if (how == WireMatch.How.BY_PORT) {
                            byPort.add(l);
                        } else if (how == WireMatch.How.BY_NAME) {
                            byName.add(l);
                        }
                    }
                }
            }
            Set<String> portSeenBy = new HashSet<>();
            byPort.forEach(l -> portSeenBy.add(String.valueOf(l.getHost())));
            List<LinkSample> out = new ArrayList<>(byPort);
            byName.stream().filter(l -> !portSeenBy.contains(String.valueOf(l.getHost()))).forEach(out::add);
            return out;
        }

        private MigrationSummary withWire(MigrationSummary s, WireBytes wire, boolean timed, Set<AddressFact> seen) {
            Long bytes = wire.total();
            String note = !timed ? "the transfer's start or end is not known"
                    : bytes == null ? unplacedNote(s, wire.note()) : wire.note();
            List<AddressFact> addresses = new ArrayList<>(s.getAddresses());
            List<AddressFact> added = new ArrayList<>(seen);
            added.sort(Comparator.comparing(AddressFact::getRole).thenComparing(f -> String.valueOf(f.getAddress()))
                    .thenComparing(f -> String.valueOf(f.getHost()))
                    .thenComparing(f -> String.valueOf(f.getPort())).thenComparing(AddressFact::getSource));
            addresses.addAll(added);
            List<String> flags = new ArrayList<>(s.getFlags());
            flags.addAll(endpoints.contradictions(s));
            Long hypervisor = s.getHypervisorBytes();
            return MigrationSummary.newBuilder(s).setWireBytes(bytes).setWireBytesNote(note)
                    .setWireBytesRatio(bytes == null || hypervisor == null || hypervisor <= 0 ? null
                            : (double) bytes / hypervisor)
                    .setAddresses(addresses).setFlags(flags).build();
        }

        /** Says why nothing was counted when the target's addresses are known nowhere. */
        private String unplacedNote(MigrationSummary s, String note) {
            String target = s.getTargetHost();
            if (endpoints.learned(s, WireEndpoints.TARGET).isEmpty() && target != null
                    && endpoints.inventoryLacks(target)) {
                return note + " (no address of " + target + " is known: its evidence names none and "
                        + HostInventory.key(target) + " is not set; its own iftop's samples count only)";
            }
            return note;
        }

        /** The other migrations kept at this endpoint, counted or marked, with the transfer times they need. */
        private List<WireMatch> others(MigrationSummary own, String endpoint, List<KeyValue<String, WireMigration>> all) {
            List<WireMatch> out = new ArrayList<>();
            for (KeyValue<String, WireMigration> kv : all) {
                MigrationSummary s = kv.value.getSummary();
                if (!s.getMigrationId().equals(own.getMigrationId())) {
                    out.add(WireMatch.of(s, endpoint, endpoints));
                }
            }
            return out;
        }

        /** How many other migrations this sample is traffic of too: their bytes are in it. */
        private int sharing(LinkSample l, String endpoint, List<WireMatch> others) {
            int n = 0;
            for (WireMatch o : others) {
                if (o.matches(l, endpoint, endpoints)) {
                    n++;
                }
            }
            return n;
        }

        /**
         * The sample's two ends as facts about the migration, so the page can find and name its flows: the host an
         * end belongs to is the inventory's, or the measuring host for iftop's own end, else not known.
         */
        private List<AddressFact> observed(LinkSample l, String endpoint, WireMatch own) {
            Boolean byPortFirst = own.portDecides(l, true);
            boolean targetIsFirst = endpoints.names(l, true).contains(endpoint) && (byPortFirst == null || byPortFirst);
            String source = OBSERVED + (l.getHost() == null ? "an unnamed host" : l.getHost());
            List<AddressFact> out = new ArrayList<>();
            addFact(out, WireEndpoints.TARGET, l, targetIsFirst, own, source);
            addFact(out, WireEndpoints.SOURCE, l, !targetIsFirst, own, source);
            return out;
        }

        private void addFact(List<AddressFact> out, String role, LinkSample l, boolean firstEnd, WireMatch own,
                             String source) {
            String address = Addresses.canonical(firstEnd ? l.getSourceHost() : l.getTargetHost());
            if (address == null) {
                return;
            }
            Integer port = firstEnd ? l.getSourcePort() : l.getTargetPort();
            String host = endpoints.endpoint(address).equals(address) ? null : endpoints.endpoint(address);
            if (host == null && firstEnd) {
                host = endpoints.measuredBy(l);
            }
            out.add(AddressFact.newBuilder().setRole(role).setHost(host).setAddress(address)
                    .setPort(port != null && own.ports().contains(port) ? port : null).setSource(source).build());
        }
    }

    /** A summary from the VM side: kept for later samples, and written with the bytes seen so far. */
    static final class OnSummary extends Base<MigrationSummary> {
        OnSummary(HostInventory inventory) {
            super(inventory);
        }

        @Override
        public void process(Record<String, MigrationSummary> record) {
            String endpoint = record.key();
            MigrationSummary s = record.value();
            if (HostPairs.UNKNOWN.equals(endpoint)) {
                List<String> flags = new ArrayList<>(s.getFlags());
                flags.addAll(endpoints.contradictions(s));
                context.forward(new Record<>(s.getMigrationId(), MigrationSummary.newBuilder(s).setFlags(flags)
                        .setWireBytesNote("the source or target host is not known").build(), record.timestamp()));
                return;
            }
            String key = endpoint + "|" + s.getMigrationId();
            WireMigration old = migrations.get(key);
            WireMigration m = new WireMigration(s, old == null ? 0 : old.getEmittedHash());
            migrations.put(key, m);
            List<KeyValue<String, WireMigration>> all = forgetOld(endpoint, s.getCompletedAtUs());
            WireMatch own = WireMatch.of(s, endpoint, endpoints);
            // A migration near this one at the endpoint may now share its samples, its note changes: near, not only
            // overlapping, since one iftop block can hold the end of one transfer and the start of the next.
            for (KeyValue<String, WireMigration> kv : all) {
                WireMatch other = WireMatch.of(kv.value.getSummary(), endpoint, endpoints);
                boolean self = kv.key.equals(key);
                if (other.atTarget() && (self || near(own, other))) {
                    attribute(endpoint, kv.key, kv.value, all, record.timestamp());
                }
            }
        }

        /** Transfers closer than the longest iftop interval: a sample may hold bytes of both. */
        private static boolean near(WireMatch a, WireMatch b) {
            long gapUs = MAX_INTERVAL_MS * 1000;
            return a.timed() && b.timed() && a.fromUs() - gapUs <= b.toUs() && b.fromUs() - gapUs <= a.toUs();
        }

        /** Forgets the endpoint's migrations that ended {@link WireStep#KEEP} before this one; returns the others. */
        private List<KeyValue<String, WireMigration>> forgetOld(String endpoint, Long endUs) {
            List<KeyValue<String, WireMigration>> kept = new ArrayList<>();
            for (KeyValue<String, WireMigration> kv : migrationsAt(endpoint)) {
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

    /** A link sample at one of its endpoints: kept, and added to the migrations counted there that it is part of. */
    static final class OnLink extends Base<LinkSample> {
        private Sensor contradictions;

        OnLink(HostInventory inventory) {
            super(inventory);
        }

        @Override
        public void init(ProcessorContext<String, MigrationSummary> ctx) {
            super.init(ctx);
            contradictions = ctx.metrics().addRateTotalSensor("migscope-wire", "task-" + ctx.taskId(),
                    "address-contradictions", Sensor.RecordingLevel.INFO);
        }

        @Override
        public void process(Record<String, LinkSample> record) {
            String endpoint = record.key();
            LinkSample l = record.value();
            String key = endpoint + "|" + l.getHost() + "|" + l.getSourcePort() + "|" + l.getTargetPort() + "|"
                    + l.getSourceHost() + ">" + l.getTargetHost();
            long at = l.getIntervalEndUs() / 1000;
            LinkSample seen = samples.fetch(key, at);
            if (l.equals(seen)) {
                return;
            }
            samples.put(key, l, at);
            if (endpoints.contradicts(l) && endpoint.equals(endpoints.endpoint(l.getSourceHost()))) {
                // Counted once per sample: the measuring host says its own end is an address the inventory gives
                // to another host. The inventory wins (the sample is not placed at the measuring host).
                contradictions.record();
            }
            // Only a migration counted here whose traffic the sample is can change: its bytes, or its note when a
            // marked or counted neighbour shares the sample.
            List<KeyValue<String, WireMigration>> all = migrationsAt(endpoint);
            for (KeyValue<String, WireMigration> kv : all) {
                WireMatch m = WireMatch.of(kv.value.getSummary(), endpoint, endpoints);
                if (m.atTarget() && m.matches(l, endpoint, endpoints)) {
                    attribute(endpoint, kv.key, kv.value, all, record.timestamp());
                }
            }
        }
    }
}
