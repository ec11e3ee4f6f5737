package io.migscope.producers.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.DeadLetter;
import io.migscope.avro.GuestSample;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.source.guest.GuestStressParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live end of a collector routes what the guest felt to the publisher like any other record. */
class ParsingSinkTest {

    private static final class Kept implements ParsingSink.Outlet {
        final List<Object> records = new ArrayList<>();
        final List<DeadLetter> dead = new ArrayList<>();

        @Override
        public void publish(MigrationEvent e) {
            records.add(e);
        }

        @Override
        public void publish(PingSample p) {
            records.add(p);
        }

        @Override
        public void publish(GuestSample g) {
            records.add(g);
        }

        @Override
        public void publish(LinkSample l) {
            records.add(l);
        }

        @Override
        public void publish(DeadLetter d) {
            dead.add(d);
        }
    }

    @Test
    void guestStressLinesBecomeGuestSamplesAndABadLineADeadLetter() {
        Kept kept = new Kept();
        ParsingSink sink = new ParsingSink("stress.txt", new GuestStressParser(Collected.context("stress.txt")
                .withIdentity("vm-s", "c", null, null)), kept);
        List<String> lines = new ArrayList<>(Collected.sample("guest-stress/stress.txt"));
        lines.add(3, "1714557601455000 NaN");
        for (String line : lines) {
            sink.accept(0, line);
        }
        sink.end();
        assertThat(kept.records).hasSize(25).allSatisfy(r -> assertThat(r).isInstanceOf(GuestSample.class));
        assertThat(((GuestSample) kept.records.get(0)).getVm()).isEqualTo("vm-s");
        assertThat(kept.dead).hasSize(1);
        assertThat(kept.dead.get(0).getLine()).isEqualTo(4L);
        assertThat(StandardCharsets.UTF_8.decode(kept.dead.get(0).getRaw()).toString()).isEqualTo("1714557601455000 NaN");
        assertThat(sink.records()).isEqualTo(25);
        assertThat(sink.rejected()).isEqualTo(1);
    }
}
