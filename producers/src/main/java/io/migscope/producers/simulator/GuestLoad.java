package io.migscope.producers.simulator;

import java.util.Locale;

/**
 * The load generators of seed 002 running in a guest while it migrates.
 * <ul>
 * <li>CLG: burnP6 under cpulimit at {@code cpuPercent}. burnP6 loops in registers, so it dirties no more memory
 * than an idle guest does.</li>
 * <li>LPG: {@code lockedBytes} allocated, filled with garbage and mlock()ed before the migration starts ("The
 * migration is started after the tool has allocated and locked the memory"): memory in use, written once, not
 * dirtied again.</li>
 * <li>DPG: "continuous memory writes" over a buffer of {@code dirtyBytes} for the whole migration, so every page of
 * it is dirty again by the next pass.</li>
 * </ul>
 *
 * @param cpuPercent  CLG load, 0..100
 * @param lockedBytes LPG memory
 * @param dirtyBytes  DPG buffer
 */
public record GuestLoad(int cpuPercent, long lockedBytes, long dirtyBytes) {

    public GuestLoad {
        if (cpuPercent < 0 || cpuPercent > 100) {
            throw new IllegalArgumentException("GuestLoad.cpuPercent " + cpuPercent + " is outside 0..100");
        }
        if (lockedBytes < 0 || dirtyBytes < 0) {
            throw new IllegalArgumentException("GuestLoad sizes must be >= 0, got locked " + lockedBytes + " and dirty "
                + dirtyBytes);
        }
    }

    public static GuestLoad none() {
        return new GuestLoad(0, 0, 0);
    }

    public static GuestLoad cpu(int percent) {
        return new GuestLoad(percent, 0, 0);
    }

    public static GuestLoad locked(long bytes) {
        return new GuestLoad(0, bytes, 0);
    }

    public static GuestLoad dirty(long bytes) {
        return new GuestLoad(0, 0, bytes);
    }

    /** The series of seed 002 this load belongs to: CLG, LPG, DPG, or none. */
    public String kind() {
        if (dirtyBytes > 0) {
            return "DPG";
        }
        if (lockedBytes > 0) {
            return "LPG";
        }
        return cpuPercent > 0 ? "CLG" : "none";
    }

    /** e.g. {@code CLG 50%}, {@code LPG 512 MiB}, {@code DPG 256 MiB}, {@code idle}. */
    public String label() {
        return switch (kind()) {
            case "DPG" -> String.format(Locale.ROOT, "DPG %d MiB", dirtyBytes >> 20);
            case "LPG" -> String.format(Locale.ROOT, "LPG %d MiB", lockedBytes >> 20);
            case "CLG" -> "CLG " + cpuPercent + "%";
            default -> "idle";
        };
    }
}
