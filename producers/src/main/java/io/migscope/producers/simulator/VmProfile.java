package io.migscope.producers.simulator;

import io.migscope.avro.Platform;
import java.util.Set;

/**
 * What one VM does while it migrates, and on which platform.
 *
 * @param flavor        size of the VM
 * @param stressedBytes memory a stress workload keeps rewriting (0 for an idle guest)
 * @param postCopy      hybrid mode of seed 001: one pre-copy pass, then switch to post-copy
 * @param converging    false for a guest that dirties memory at about the link speed, so pre-copy never ends
 * @param platform      SIMULATOR (the QEMU-like model of seed 001), or QEMU, XEN, VSPHERE: the migration behaves
 *                      and reports like that platform ({@link PlatformModels})
 * @param load          seed 002's load generators in the guest (only for QEMU, XEN, VSPHERE)
 */
public record VmProfile(Flavor flavor, long stressedBytes, boolean postCopy, boolean converging, Platform platform,
                        GuestLoad load) {

    private static final Set<Platform> PLATFORMS = Set.of(Platform.SIMULATOR, Platform.QEMU, Platform.XEN,
        Platform.VSPHERE);

    public VmProfile {
        if (flavor == null) {
            throw new IllegalArgumentException("VmProfile.flavor is required, expected one of s, m, l, xl");
        }
        if (stressedBytes < 0 || stressedBytes > flavor.ramBytes()) {
            throw new IllegalArgumentException("VmProfile.stressedBytes " + stressedBytes
                + " is outside 0.." + flavor.ramBytes() + " (the RAM of flavour " + flavor.label() + ")");
        }
        if (!PLATFORMS.contains(platform)) {
            throw new IllegalArgumentException("VmProfile.platform " + platform + " is not simulated, expected one of "
                + PLATFORMS);
        }
        if (load == null) {
            throw new IllegalArgumentException("VmProfile.load is required (GuestLoad.none() for an idle guest)");
        }
        if (platform != Platform.SIMULATOR && (stressedBytes > 0 || postCopy || !converging)) {
            throw new IllegalArgumentException("VmProfile for " + platform + " takes its load from GuestLoad, not from"
                + " stressedBytes, postCopy or converging");
        }
        if (load.lockedBytes() + load.dirtyBytes() > flavor.ramBytes() / 4 * 3) {
            throw new IllegalArgumentException("VmProfile.load " + load.label() + " leaves less than a quarter of the "
                + flavor.ramGib() + " GiB of flavour " + flavor.label() + " to the guest");
        }
    }

    /** The QEMU-like model of seed 001 (platform SIMULATOR, no seed-002 load). */
    public VmProfile(Flavor flavor, long stressedBytes, boolean postCopy, boolean converging) {
        this(flavor, stressedBytes, postCopy, converging, Platform.SIMULATOR, GuestLoad.none());
    }

    /** A freshly booted guest doing nothing, like seed 001 table 2. */
    public static VmProfile idle(Flavor flavor) {
        return new VmProfile(flavor, 0, false, true);
    }

    /** A guest running stress on the given memory, migrated in hybrid post-copy, like seed 001 tables 3 and 4. */
    public static VmProfile stressedPostCopy(Flavor flavor, long stressedBytes) {
        return new VmProfile(flavor, stressedBytes, true, true);
    }

    /**
     * A guest dirtying an eighth of its RAM as fast as the link carries it: remaining bytes stay flat until the
     * platform aborts the migration.
     */
    public static VmProfile nonConverging(Flavor flavor) {
        return new VmProfile(flavor, flavor.ramBytes() / 8, false, false);
    }

    /** A guest of seed 002's comparison: one of its load generators, migrated by vMotion, XenServer or KVM. */
    public static VmProfile seed002(Platform platform, Flavor flavor, GuestLoad load) {
        if (platform == Platform.SIMULATOR) {
            throw new IllegalArgumentException("seed 002 compares QEMU, XEN and VSPHERE, not " + platform);
        }
        return new VmProfile(flavor, 0, false, true, platform, load);
    }
}
