package io.migscope.producers.simulator;

/**
 * What one VM does while it migrates.
 *
 * @param flavor        size of the VM
 * @param stressedBytes memory a stress workload keeps rewriting (0 for an idle guest)
 * @param postCopy      hybrid mode of seed 001: one pre-copy pass, then switch to post-copy
 * @param converging    false for a guest that dirties memory at about the link speed, so pre-copy never ends
 */
public record VmProfile(Flavor flavor, long stressedBytes, boolean postCopy, boolean converging) {

    public VmProfile {
        if (flavor == null) {
            throw new IllegalArgumentException("VmProfile.flavor is required, expected one of s, m, l, xl");
        }
        if (stressedBytes < 0 || stressedBytes > flavor.ramBytes()) {
            throw new IllegalArgumentException("VmProfile.stressedBytes " + stressedBytes
                + " is outside 0.." + flavor.ramBytes() + " (the RAM of flavour " + flavor.label() + ")");
        }
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
}
