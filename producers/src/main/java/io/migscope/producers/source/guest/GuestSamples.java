package io.migscope.producers.source.guest;

import io.migscope.avro.GuestSample;
import io.migscope.producers.parse.Checks;
import io.migscope.producers.parse.ParseContext;

/** Building and checking GuestSamples, the same for every guest-side format. */
final class GuestSamples {

    /** A guest that needs more than an hour for one GiB is not slowed down, it is stopped: the number is garbage. */
    static final double MAX_MS_PER_GB = io.migscope.validate.Plausibility.MAX_MS_PER_GB;

    private GuestSamples() {
    }

    static GuestSample of(ParseContext ctx, String vm, long timeUs, double msPerGb, String source, Long thread) {
        return GuestSample.newBuilder().setVm(vm).setSampleTimeUs(timeUs).setMsPerGb(msPerGb).setSource(source)
                .setThread(thread).setCluster(ctx.cluster()).setHost(ctx.host()).build();
    }

    /** Why a sample is absurd, or null. */
    static String check(GuestSample sample, ParseContext ctx) {
        double ms = sample.getMsPerGb();
        if (Double.isNaN(ms) || ms <= 0 || ms > MAX_MS_PER_GB) {
            return "ms per GB outside (0, " + (long) MAX_MS_PER_GB + "] (" + ms + ")";
        }
        return Checks.time("sample time", sample.getSampleTimeUs(), ctx.clock());
    }
}
