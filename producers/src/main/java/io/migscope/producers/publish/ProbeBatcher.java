package io.migscope.producers.publish;

import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.avro.ProbeBatch;
import io.migscope.signals.ProbeBatches;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups each VM's probes into {@link ProbeBatch}es, about one a second, the way the publisher sends them.
 *
 * <p>A batch holds consecutive probes of one source whose send times are less than {@link #SPAN_US} apart (about
 * ten at ping's 100 ms) and at most {@link #MAX_PROBES}. It is complete when the next probe does not fit, and at once
 * when the probes turn from replies to losses or back (the first LOST or UNREACHABLE, the first REPLY after a loss):
 * a blackout then reaches Kafka within one probe interval instead of up to a second later.
 *
 * <p>The rule is a pure function of the sequence of records, so a replay batches a recorded run the same way every
 * time: a batch still open {@link #QUIET_US} of event time after its first probe is complete ({@link #advance}), so a
 * prober that went quiet does not hold its last probes back while other VMs' records move on. A live collector also
 * completes batches by the wall clock ({@link #flushOpenedBefore}). Not thread-safe: the publisher serialises calls.
 */
public final class ProbeBatcher {
    /** A batch spans less than this of send time: one record per VM per second. */
    public static final long SPAN_US = 1_000_000L;
    /** Bound for fast probers (ping -i 0.01 would otherwise put 100 probes in a record). */
    public static final int MAX_PROBES = 32;

    /** A batch still open this long after its first probe, in the stream's own event time, is complete. */
    public static final long QUIET_US = SPAN_US + 500_000L;
    /** How often, in event time, open batches are checked for quiet probers. */
    private static final long CHECK_EVERY_US = 250_000L;

    /** Per source, in the order sources first appeared, so {@link #flushAll} is deterministic too. */
    private final Map<String, Open> open = new LinkedHashMap<>();
    private final Map<String, Boolean> inLoss = new HashMap<>();
    private long checkedUs = Long.MIN_VALUE;

    /**
     * The stream's event time reached {@code timeUs} (any record: probe, event): returns the open batches whose first
     * probe is more than {@link #QUIET_US} older, checked every {@link #CHECK_EVERY_US} of event time.
     */
    public List<ProbeBatch> advance(long timeUs) {
        if (checkedUs != Long.MIN_VALUE && timeUs - checkedUs < CHECK_EVERY_US) {
            return List.of();
        }
        checkedUs = timeUs;
        List<ProbeBatch> done = new ArrayList<>();
        for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
            Open b = it.next();
            if (b.probes.get(0).getSentTimeUs() < timeUs - QUIET_US) {
                done.add(b.build());
                it.remove();
            }
        }
        return done;
    }

    /** Adds a probe; returns the batches it completes, in publishing order (none, one or two). */
    public List<ProbeBatch> add(PingSample p, long wallMs) {
        String key = p.getVm() + "|" + p.getTarget();
        List<ProbeBatch> done = new ArrayList<>(1);
        Open batch = open.get(key);
        if (batch != null && !batch.fits(p)) {
            done.add(batch.build());
            batch = null;
        }
        if (batch == null) {
            batch = new Open(wallMs);
            open.put(key, batch);
        }
        batch.probes.add(p);
        if (turned(key, p.getStatus()) || batch.probes.size() >= MAX_PROBES) {
            done.add(batch.build());
            open.remove(key);
        }
        return done;
    }

    /** Every open batch, e.g. when the input ends or the collector stops. */
    public List<ProbeBatch> flushAll() {
        List<ProbeBatch> done = new ArrayList<>(open.size());
        open.values().forEach(b -> done.add(b.build()));
        open.clear();
        return done;
    }

    /** The open batches whose first probe came before {@code wallMs}: a prober that went quiet. */
    public List<ProbeBatch> flushOpenedBefore(long wallMs) {
        List<ProbeBatch> done = new ArrayList<>();
        for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
            Open b = it.next();
            if (b.openedWallMs < wallMs) {
                done.add(b.build());
                it.remove();
            }
        }
        return done;
    }

    public boolean isEmpty() {
        return open.isEmpty();
    }

    /** Whether this probe turns the source from replies to losses or back. */
    private boolean turned(String key, PingStatus status) {
        boolean loss = status == PingStatus.LOST || status == PingStatus.UNREACHABLE;
        boolean reply = status == PingStatus.REPLY;
        boolean was = inLoss.getOrDefault(key, false);
        if (loss && !was || reply && was) {
            inLoss.put(key, loss);
            return true;
        }
        return false;
    }

    private static final class Open {
        final long openedWallMs;
        final List<PingSample> probes = new ArrayList<>(12);

        Open(long openedWallMs) {
            this.openedWallMs = openedWallMs;
        }

        boolean fits(PingSample p) {
            PingSample first = probes.get(0);
            return ProbeBatches.sameSource(first, p) && Math.abs(p.getSentTimeUs() - first.getSentTimeUs()) < SPAN_US;
        }

        ProbeBatch build() {
            return ProbeBatches.of(probes);
        }
    }
}
