package io.migscope.producers.system;

import io.migscope.producers.collect.Recorder;
import io.migscope.producers.collect.ParsingSink;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.Parsers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Plays a collector's recording back through its format's parser, as a replay would, and keeps the records. */
final class RecordingParse {
    private RecordingParse() {
    }

    static <T extends SpecificRecord> List<T> records(Path recording, String format, ParseContext context, Class<T> type)
            throws Exception {
        List<T> out = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        ParsingSink sink = new ParsingSink(recording.toString(), Parsers.create(format, context), new ParsingSink.Outlet() {
            @Override
            public void publish(io.migscope.avro.MigrationEvent e) {
                keep(e);
            }

            @Override
            public void publish(io.migscope.avro.PingSample p) {
                keep(p);
            }

            @Override
            public void publish(io.migscope.avro.GuestSample g) {
                keep(g);
            }

            @Override
            public void publish(io.migscope.avro.LinkSample l) {
                keep(l);
            }

            @Override
            public void publish(io.migscope.avro.DeadLetter d) {
                rejected.add(d.getReason());
            }

            private void keep(SpecificRecord r) {
                if (type.isInstance(r)) {
                    out.add(type.cast(r));
                }
            }
        });
        Recorder.replay(recording, sink);
        sink.end();
        if (!rejected.isEmpty()) {
            throw new AssertionError("the parser rejected lines of a real recording: " + rejected);
        }
        return out;
    }
}
