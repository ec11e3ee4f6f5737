package io.migscope.producers.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.CaptureEnd;
import io.migscope.avro.CaptureScope;
import io.migscope.avro.GuestSample;
import io.migscope.avro.ProbeBatch;
import io.migscope.avro.VmSignal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a time-ordered run becomes on vm-signals: the guest's own reports travel with the VM's probes. */
class SignalEncoderTest {
    private static final long T0 = 1_714_557_600_000_000L;

    @Test
    void guestSamplesGoAtOnceInTheirVmsOrderAndCountTowardsItsCaptureEnd() {
        SignalEncoder encoder = new SignalEncoder();
        List<SignalEncoder.Out> out = new ArrayList<>();
        out.addAll(encoder.add(io.migscope.avro.PingSample.newBuilder().setVm("vm-a").setTarget("10.0.0.5").setSeq(1)
                .setSeqRaw(1).setSentTimeUs(T0).setObservedTimeUs(T0 + 300).setRttUs(300L)
                .setStatus(io.migscope.avro.PingStatus.REPLY).build(), T0));
        GuestSample guest = GuestSample.newBuilder().setVm("vm-a").setSampleTimeUs(T0 + 652_000).setMsPerGb(402.0)
                .setSource("guest-stress").build();
        out.addAll(encoder.add(guest, guest.getSampleTimeUs()));
        assertThat(out).as("the probe waits in its batch, the guest sample does not").hasSize(1);
        SignalEncoder.Out g = out.get(0);
        assertThat(g.link()).isFalse();
        assertThat(g.key()).isEqualTo("vm-a");
        assertThat(g.timestampUs()).isEqualTo(T0 + 652_000);
        assertThat(((VmSignal) g.value()).getSignal()).isEqualTo(guest);

        List<SignalEncoder.Out> end = encoder.finish(CaptureScope.ALL, "test");
        assertThat(end).hasSize(2);
        assertThat(((VmSignal) end.get(0).value()).getSignal()).isInstanceOf(ProbeBatch.class);
        CaptureEnd c = (CaptureEnd) ((VmSignal) end.get(1).value()).getSignal();
        assertThat(c.getVm()).isEqualTo("vm-a");
        assertThat(c.getEndTimeUs()).as("the VM's latest input is its guest sample").isEqualTo(T0 + 652_000);
    }
}
