package io.migscope.producers.simulator;

/**
 * OpenStack flavours of seed 001 table 1, with the calibration that makes an unloaded VM of each flavour
 * migrate like seed 001 table 2 at 1 Gb/s.
 */
public enum Flavor {
    S("s", 1, 2, 160),
    M("m", 2, 4, 165),
    L("l", 4, 8, 160),
    XL("xl", 8, 16, 235);

    /** 2^30: flavour RAM "GB" in OpenStack is MiB-based, so 2 GB is 2 GiB. */
    public static final long GIB = 1L << 30;

    private final String label;
    private final int vcpus;
    private final int ramGib;
    private final int deviceStateMs;

    Flavor(String label, int vcpus, int ramGib, int deviceStateMs) {
        this.label = label;
        this.vcpus = vcpus;
        this.ramGib = ramGib;
        this.deviceStateMs = deviceStateMs;
    }

    /** The label written into records: s, m, l or xl. */
    public String label() {
        return label;
    }

    public int vcpus() {
        return vcpus;
    }

    public long ramBytes() {
        return ramGib * GIB;
    }

    public int ramGib() {
        return ramGib;
    }

    /**
     * Memory an idle freshly booted guest has touched: seed 001 found that only allocated memory moves
     * (385 MB for s up to 681 MB for xl), which a least-squares line puts at 350 MB plus 21 MB per GiB of RAM.
     */
    public long residentBytes() {
        return 350_000_000L + 21_000_000L * ramGib;
    }

    /**
     * Fixed part of the stop-and-copy pause (device state, final bitmap sync, activation on the destination),
     * fitted so the downtime seen by a 100 ms ping comes out at seed 001's 0.2 / 0.2 / 0.2 / 0.3 s.
     */
    public long deviceStateUs() {
        return deviceStateMs * 1_000L;
    }

    public static Flavor fromLabel(String label) {
        for (Flavor f : values()) {
            if (f.label.equalsIgnoreCase(label)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown flavour '" + label + "', expected one of s, m, l, xl");
    }
}
