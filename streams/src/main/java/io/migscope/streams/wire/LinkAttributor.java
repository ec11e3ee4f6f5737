package io.migscope.streams.wire;

import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Phase;
import io.migscope.streams.timeline.Phases;
import io.migscope.streams.state.ObjectStore;
import io.migscope.streams.state.StateBytes;
import io.migscope.topics.HostPairs;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Puts iftop's bytes on the wire into each migration's summary. All three inputs are keyed by host pair: link
 * samples, timelines (which migration transferred between the hosts, when) and summaries. A summary is stamped at
 * its migration's end plus the recovery window, later than every link sample of the migration, and Kafka Streams
 * merges a task's inputs in timestamp order, so the samples are in the store when the summary comes, at any speed.
 * When several migrations share the pair, the summary says so: nothing in a migration's events names its TCP ports,
 * so the bytes cannot be split between them.
 */
public final class LinkAttributor implements Processor<String, SpecificRecord, String, MigrationSummary> {
    public static final String STORE = "host-pair-migrations";
    public static final String SAMPLES = "host-pair-link-samples";
    /** Link samples are kept this long, the longest migration whose bytes can still be counted. */
    private static final long KEEP_SAMPLES_US = 6 * 3600 * 1_000_000L;
    private static final java.util.Set<String> TRANSFER = java.util.Set.of(Phases.PRECOPY, Phases.POSTCOPY,
            Phases.SWITCHOVER);
    /** A window is kept this long after its migration ended, for link samples that come a little later. */
    private static final long KEEP_AFTER_END_US = 120_000_000L;
    private ProcessorContext<String, MigrationSummary> context;
    private ObjectStore<List<Window>> windows;
    private ObjectStore<List<LinkSample>> samples;
    private long unattributed;

    /** One migration between a pair of hosts, in event time; endUs is Long.MAX_VALUE while it runs. */
    record Window(String migrationId, String vm, long startUs, long endUs) {
    }

    @Override
    public void init(ProcessorContext<String, MigrationSummary> ctx) {
        this.context = ctx;
        this.windows = ctx.getStateStore(STORE);
        this.samples = ctx.getStateStore(SAMPLES);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof MigrationTimeline t) {
            onTimeline(record.key(), t);
        } else if (record.value() instanceof LinkSample l) {
            onLink(record.key(), l);
        } else if (record.value() instanceof MigrationSummary m) {
            onSummary(record.key(), m, record.timestamp());
        }
    }

    private void onTimeline(String pair, MigrationTimeline t) {
        // Bytes flow from the start of the transfer: a migration still queued owns none of the pair's traffic.
        Long start = t.getPhases().stream().filter(p -> TRANSFER.contains(p.getName())).map(Phase::getStartUs)
                .min(Long::compare).orElse(null);
        if (start == null) {
            return;
        }
        List<Window> list = new ArrayList<>(orEmpty(windows.get(pair)));
        list.removeIf(w -> w.migrationId().equals(t.getMigrationId())
                || w.endUs() != Long.MAX_VALUE && w.endUs() + KEEP_AFTER_END_US < t.getUpdatedUs());
        long end = t.getFinal$() ? t.getPhases().get(t.getPhases().size() - 1).getStartUs() : Long.MAX_VALUE;
        list.add(new Window(t.getMigrationId(), t.getVm(), start, end));
        windows.put(pair, list);
    }

    private void onLink(String pair, LinkSample l) {
        List<LinkSample> kept = new ArrayList<>(orEmptySamples(samples.get(pair)));
        kept.removeIf(k -> k.getIntervalEndUs() < l.getIntervalEndUs() - KEEP_SAMPLES_US);
        kept.add(l);
        samples.put(pair, kept);
    }

    /** The summary with the bytes of every sample that overlaps its transfer, each interval counted once. */
    private void onSummary(String pair, MigrationSummary s, long timestampMs) {
        List<Window> known = orEmpty(windows.get(pair));
        Window own = ownWindow(s, known);
        WireBytes wire = new WireBytes();
        if (own != null) {
            for (LinkSample l : orEmptySamples(samples.get(pair))) {
                if (overlaps(own, l)) {
                    long others = known.stream().filter(w -> !w.migrationId().equals(own.migrationId()) && overlaps(w, l)).count();
                    wire.add(LinkSample.newBuilder(l).setSharedWith((int) others).build());
                }
            }
        }
        if (wire.total() == null) {
            unattributed++;
        }
        MigrationSummary enriched = MigrationSummary.newBuilder(s).setWireBytes(wire.total()).setWireBytesNote(wire.note())
                .build();
        context.forward(new Record<>(s.getMigrationId(), enriched, timestampMs));
    }

    /**
     * The summary's own transfer window: it ends where the summary says the migration ended. Its final timeline comes
     * through another repartition topic and may not be here yet; the latest one seen may still be open.
     */
    private static Window ownWindow(MigrationSummary s, List<Window> known) {
        Window seen = known.stream().filter(w -> w.migrationId().equals(s.getMigrationId())).findFirst().orElse(null);
        Long start = s.getStartedAtUs() != null ? s.getStartedAtUs() : seen == null ? null : seen.startUs();
        if (start == null || s.getCompletedAtUs() == null) {
            return seen;
        }
        return new Window(s.getMigrationId(), s.getVm(), start, s.getCompletedAtUs());
    }

    private static boolean overlaps(Window w, LinkSample l) {
        return w.startUs() <= l.getIntervalEndUs() && w.endUs() >= l.getIntervalStartUs();
    }

    /** Summaries with no link sample between their hosts (no iftop there, or unknown hosts): counted. */
    public long unattributed() {
        return unattributed;
    }

    private static List<Window> orEmpty(List<Window> l) {
        return l == null ? List.of() : l;
    }

    private static List<LinkSample> orEmptySamples(List<LinkSample> l) {
        return l == null ? List.of() : l;
    }

    public static String summaryKey(MigrationSummary s) {
        return HostPairs.key(s.getSourceHost(), s.getTargetHost());
    }

    /** A timeline is indexed under its unordered host pair; with a host unknown it is not indexed. */
    public static List<String> pairKeys(MigrationTimeline t) {
        String key = HostPairs.key(t.getSourceHost(), t.getTargetHost());
        return key.equals(HostPairs.UNKNOWN) ? List.of() : List.of(key);
    }

    static ObjectStore.Codec<List<Window>> codec() {
        return new ObjectStore.Codec<>() {
            @Override
            public byte[] encode(List<Window> list) {
                return StateBytes.write(out -> {
                    out.writeInt(list.size());
                    for (Window w : list) {
                        out.writeUTF(w.migrationId());
                        out.writeUTF(w.vm());
                        out.writeLong(w.startUs());
                        out.writeLong(w.endUs());
                    }
                });
            }

            @Override
            public List<Window> decode(byte[] bytes) {
                return StateBytes.read(bytes, "host-pair windows", in -> {
                    int n = in.readInt();
                    List<Window> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(new Window(in.readUTF(), in.readUTF(), in.readLong(), in.readLong()));
                    }
                    return list;
                });
            }
        };
    }

    public static org.apache.kafka.streams.state.StoreBuilder<ObjectStore<List<Window>>> store() {
        return ObjectStore.builder(STORE, codec());
    }

    public static org.apache.kafka.streams.state.StoreBuilder<ObjectStore<List<LinkSample>>> samplesStore() {
        return ObjectStore.builder(SAMPLES, new ObjectStore.Codec<>() {
            private final io.migscope.streams.state.AvroList<LinkSample> avro =
                    new io.migscope.streams.state.AvroList<>(LinkSample.getClassSchema());

            @Override
            public byte[] encode(List<LinkSample> list) {
                return avro.encode(list);
            }

            @Override
            public List<LinkSample> decode(byte[] bytes) {
                return avro.decode(bytes);
            }
        });
    }
}
