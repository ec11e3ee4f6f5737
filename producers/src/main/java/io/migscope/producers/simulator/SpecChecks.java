package io.migscope.producers.simulator;

/** Rejects a simulation spec that cannot describe a fleet, naming the field, its value and what was expected. */
final class SpecChecks {

    private SpecChecks() {
    }

    static void check(SimulationSpec s) {
        atLeast("vms", s.vms(), 1);
        atLeast("clusters", s.clusters(), 1);
        atLeast("nodesPerCluster", s.nodesPerCluster(), 2);
        atLeast("parallelismPerCluster", s.parallelismPerCluster(), 1);
        atLeast("outboundPerNode", s.outboundPerNode(), 1);
        atLeast("bandwidthBytesPerSec", s.bandwidthBytesPerSec(), 1);
        atLeast("pingIntervalUs", s.pingIntervalUs(), 1_000);
        atLeast("pingJitterUs", s.pingJitterUs(), 0);
        atLeast("pingTimeoutUs", s.pingTimeoutUs(), 1);
        atLeast("baselineUs", s.baselineUs(), 0);
        atLeast("recoveryUs", s.recoveryUs(), 0);
        atLeast("linkIntervalUs", s.linkIntervalUs(), 1_000);
        atLeast("downtimeLimitMs", s.downtimeLimitMs(), 1);
        atLeast("completionTimeoutPerGibS", s.completionTimeoutPerGibS(), 1);
        atLeast("progressTimeoutS", s.progressTimeoutS(), 1);
        atLeast("requestSpacingUs", s.requestSpacingUs(), 0);
        atLeast("startTimeUs", s.startTimeUs(), 0);
        if (!(s.nonConvergingFraction() >= 0 && s.nonConvergingFraction() <= 1)) {
            throw bad("nonConvergingFraction", s.nonConvergingFraction(), "a fraction in 0..1");
        }
        if (s.wave() == null || s.wave().isBlank()) {
            throw bad("wave", s.wave(), "a non-empty label");
        }
        int weight = 0;
        for (var e : s.flavorMix().entrySet()) {
            if (e.getValue() < 0) {
                throw bad("flavorMix." + e.getKey().label(), e.getValue(), "a weight >= 0");
            }
            weight += e.getValue();
        }
        if (weight == 0 && s.profiles().isEmpty()) {
            throw bad("flavorMix", s.flavorMix(), "at least one flavour with a positive weight");
        }
    }

    private static void atLeast(String field, long value, long min) {
        if (value < min) {
            throw bad(field, value, "a value >= " + min);
        }
    }

    private static IllegalArgumentException bad(String field, Object value, String expected) {
        return new IllegalArgumentException("simulation spec: " + field + " = " + value + " is invalid, expected " + expected);
    }
}
