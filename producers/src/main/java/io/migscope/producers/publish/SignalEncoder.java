package io.migscope.producers.publish;

import io.migscope.avro.CaptureEnd;
import io.migscope.avro.CaptureScope;
import io.migscope.avro.GuestSample;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.avro.ProbeBatch;
import io.migscope.avro.VmSignal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a time-ordered stream of normalised records (events, probes, guest samples, link samples) into what is
 * published, in publishing order: events and guest samples at once as {@link VmSignal}s, probes as {@link ProbeBatch}es when each batch is complete
 * ({@link ProbeBatcher}), link samples as they are. At the end, the batches still open and, for a recorded run, one
 * {@link CaptureEnd} per VM at the VM's latest time. The replay, the demo, the benchmarks and the chaos harness all
 * publish through this, so a given run always reaches Kafka in the same order.
 */
public final class SignalEncoder {
    /** One record to publish: a signal keyed by VM, or a link sample keyed by host pair. */
    public record Out(boolean link, String key, long timestampUs, SpecificRecord value) {
    }

    private final ProbeBatcher batcher = new ProbeBatcher();
    private final Map<String, Long> latestByVm = new LinkedHashMap<>();

    /** The records {@code value} completes, in order (none while a probe batch is still open). */
    public List<Out> add(SpecificRecord value, long timeUs) {
        List<Out> out = new ArrayList<>(2);
        batcher.advance(timeUs).forEach(b -> out.add(batch(b)));
        if (value instanceof MigrationEvent e) {
            note(e.getVm(), timeUs);
            out.add(signal(e.getVm(), timeUs, e));
        } else if (value instanceof GuestSample g) {
            note(g.getVm(), timeUs);
            out.add(signal(g.getVm(), timeUs, g));
        } else if (value instanceof PingSample p) {
            note(p.getVm(), timeUs);
            batcher.add(p, p.getSentTimeUs() / 1000).forEach(b -> out.add(batch(b)));
        } else if (value instanceof LinkSample l) {
            out.add(new Out(true, io.migscope.topics.HostPairs.key(l.getSourceHost(), l.getTargetHost()), timeUs, l));
        } else {
            throw new IllegalArgumentException("cannot publish a " + value.getSchema().getFullName()
                    + "; expected a MigrationEvent, PingSample, GuestSample or LinkSample");
        }
        return out;
    }

    /** The batches still open, then (with a scope) one capture end per VM seen, at the VM's latest time. */
    public List<Out> finish(CaptureScope scope, String source) {
        List<Out> out = new ArrayList<>();
        batcher.flushAll().forEach(b -> out.add(batch(b)));
        if (scope != null) {
            latestByVm.forEach((vm, t) -> out.add(signal(vm, t, CaptureEnd.newBuilder().setVm(vm).setEndTimeUs(t)
                    .setScope(scope).setSource(source).build())));
        }
        return out;
    }

    public static VmSignal wrap(SpecificRecord signal) {
        return VmSignal.newBuilder().setSignal(signal).build();
    }

    private void note(String vm, long timeUs) {
        latestByVm.merge(vm, timeUs, Math::max);
    }

    private static Out batch(ProbeBatch b) {
        return signal(b.getVm(), b.getLastSentTimeUs(), b);
    }

    private static Out signal(String vm, long timeUs, SpecificRecord signal) {
        return new Out(false, vm, timeUs, wrap(signal));
    }
}
