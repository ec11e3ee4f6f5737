package io.migscope.producers.simulator;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Plays an event-time stream against the wall clock: at speed 1 a record stamped 5 s after the first is handed on
 * 5 s after the first was; at speed N, N times sooner; at max speed, without waiting.
 */
public final class Pacer {
    private final double speed;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private long firstEventUs = Long.MIN_VALUE;
    private long firstWallNanos;
    private long maxWaitNanos = Long.MAX_VALUE;

    /** Waits until the given System.nanoTime() value; replaceable in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepUntil(long nanoTime) throws InterruptedException;
    }

    Pacer(double speed, LongSupplier nanoClock, Sleeper sleeper) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("pacer speed " + speed + " is invalid, expected a number > 0 or max");
        }
        this.speed = speed;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /** Real time times {@code speed}. */
    public static Pacer atSpeed(double speed) {
        return new Pacer(speed, System::nanoTime, Pacer::parkUntil);
    }

    public static Pacer realTime() {
        return atSpeed(1.0);
    }

    /** No waiting at all. */
    public static Pacer max() {
        return atSpeed(Double.POSITIVE_INFINITY);
    }

    /** Parses "max" or a positive number such as "1", "10" or "0.5". */
    public static Pacer parse(String speed) {
        if ("max".equalsIgnoreCase(speed.trim())) {
            return max();
        }
        try {
            return atSpeed(Double.parseDouble(speed.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pacer speed '" + speed + "' is invalid, expected max or a number > 0", e);
        }
    }

    /**
     * At most this long between two records: a longer quiet gap in event time (logs of a run that spans hours, or
     * sources that start far apart) is shortened, and the pace resumes after it. Records keep their event times.
     */
    public Pacer withMaxWait(java.time.Duration maxWait) {
        this.maxWaitNanos = maxWait.toNanos();
        return this;
    }

    /** Blocks until the record stamped eventTimeUs is due. The first call anchors event time to now. */
    public void await(long eventTimeUs) throws InterruptedException {
        if (Double.isInfinite(speed)) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (firstEventUs == Long.MIN_VALUE) {
            firstEventUs = eventTimeUs;
            firstWallNanos = now;
            return;
        }
        long dueNanos = firstWallNanos + (long) ((eventTimeUs - firstEventUs) * 1_000.0 / speed);
        if (dueNanos - now > maxWaitNanos) {
            // Skip the quiet part of the gap: from here on, event time maps to a later wall time.
            firstWallNanos -= dueNanos - now - maxWaitNanos;
            dueNanos = now + maxWaitNanos;
        }
        if (dueNanos - now > 0) {
            sleeper.sleepUntil(dueNanos);
        }
    }

    /** Wraps a callback so each record waits for its time first. Interruption stops with an IllegalStateException. */
    public Consumer<SimulatedRecord> paced(Consumer<? super SimulatedRecord> sink) {
        return rec -> {
            try {
                await(rec.timestampUs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("paced replay interrupted at event time " + rec.timestampUs(), e);
            }
            sink.accept(rec);
        };
    }

    private static void parkUntil(long dueNanos) throws InterruptedException {
        long left;
        while ((left = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while pacing");
            }
        }
    }
}
