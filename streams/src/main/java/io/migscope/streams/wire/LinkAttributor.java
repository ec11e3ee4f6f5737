package io.migscope.streams.wire;

import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Phase;
import io.migscope.streams.timeline.Phases;
import io.migscope.streams.state.ObjectStore;
import io.migscope.streams.state.StateBytes;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Ties iftop's per-host-pair byte counts to the migrations running between those hosts. Timelines (re-keyed by
 * host pair) say which migrations ran when; each link sample is handed to every migration whose window overlaps
 * its interval, keyed by that migration's VM. When several migrations share the pair, each share says so:
 * nothing in a migration's events names its TCP ports, so the bytes cannot be split between them.
 */
public final class LinkAttributor implements Processor<String, SpecificRecord, String, LinkSample> {
    public static final String STORE = "host-pair-migrations";
    private static final java.util.Set<String> TRANSFER = java.util.Set.of(Phases.PRECOPY, Phases.POSTCOPY,
            Phases.SWITCHOVER);
    /** A window is kept this long after its migration ended, for link samples that come a little later. */
    private static final long KEEP_AFTER_END_US = 120_000_000L;
    private ProcessorContext<String, LinkSample> context;
    private ObjectStore<List<Window>> windows;
    private long unattributed;

    /** One migration between a pair of hosts, in event time; endUs is Long.MAX_VALUE while it runs. */
    record Window(String migrationId, String vm, long startUs, long endUs) {
    }

    @Override
    public void init(ProcessorContext<String, LinkSample> ctx) {
        this.context = ctx;
        this.windows = ctx.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof MigrationTimeline t) {
            onTimeline(record.key(), t);
        } else if (record.value() instanceof LinkSample l) {
            onLink(record.key(), l, record.timestamp());
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

    private void onLink(String pair, LinkSample l, long timestampMs) {
        List<Window> overlapping = orEmpty(windows.get(pair)).stream()
                .filter(w -> w.startUs() <= l.getIntervalEndUs() && w.endUs() >= l.getIntervalStartUs()).toList();
        if (overlapping.isEmpty()) {
            unattributed++;
            return;
        }
        for (Window w : overlapping) {
            LinkSample share = LinkSample.newBuilder(l).setVm(w.vm()).setMigrationId(w.migrationId())
                    .setSharedWith(overlapping.size() - 1).build();
            context.forward(new Record<>(w.vm(), share, timestampMs));
        }
    }

    /** Link samples between hosts with no migration at the time: ordinary traffic, counted. */
    public long unattributed() {
        return unattributed;
    }

    private static List<Window> orEmpty(List<Window> l) {
        return l == null ? List.of() : l;
    }

    /** Keyed by {@code source->target}; a timeline is indexed under both directions, as iftop may print either. */
    public static List<String> pairKeys(MigrationTimeline t) {
        if (t.getSourceHost() == null || t.getTargetHost() == null) {
            return List.of();
        }
        return List.of(t.getSourceHost() + "->" + t.getTargetHost(), t.getTargetHost() + "->" + t.getSourceHost());
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
}
