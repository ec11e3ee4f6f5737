package io.migscope.streams.correlate;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.Platform;
import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.convergence.AlertTracker;
import io.migscope.streams.convergence.ConvergenceModel;
import io.migscope.streams.state.ObjectStore;
import io.migscope.streams.state.StateBytes;
import io.migscope.streams.timeline.TimelineBuilder;
import io.migscope.streams.timeline.TimelineState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Everything migscope keeps about one migration in progress: events, convergence model and alerts. */
final class MigrationState {
    private static final int VERSION = 3;

    final String vm;
    final String cluster;
    final Platform platform;
    final TimelineBuilder timeline;
    final ConvergenceModel model;
    final AlertTracker alerts;

    private MigrationState(String vm, String cluster, Platform platform, TimelineBuilder timeline,
                           ConvergenceModel model, AlertTracker alerts) {
        this.vm = vm;
        this.cluster = cluster;
        this.platform = platform;
        this.timeline = timeline;
        this.model = model;
        this.alerts = alerts;
    }

    /** A new migration, first seen through {@code e}. */
    static MigrationState start(String id, MigrationEvent e, CorrelationSettings s) {
        return new MigrationState(e.getVm(), e.getCluster(), e.getPlatform(), new TimelineBuilder(id),
                new ConvergenceModel(s.convergence(e.getCluster(), e.getPlatform())),
                new AlertTracker(id, e.getVm(), e.getCluster(), s.alerts()));
    }

    static ObjectStore.Codec<MigrationState> codec(CorrelationSettings s) {
        return new ObjectStore.Codec<>() {
            @Override
            public byte[] encode(MigrationState m) {
                return StateBytes.write(out -> m.write(out));
            }

            @Override
            public MigrationState decode(byte[] bytes) {
                return StateBytes.read(bytes, "migration", in -> read(in, s));
            }
        };
    }

    private void write(DataOutputStream out) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(vm);
        StateBytes.writeNullableString(out, cluster);
        out.writeUTF(platform.name());
        writeBlock(out, TimelineState.toBytes(timeline));
        writeBlock(out, model.toBytes());
        writeBlock(out, alerts.toBytes());
    }

    private static MigrationState read(DataInputStream in, CorrelationSettings s) throws IOException {
        StateBytes.checkVersion(in, VERSION, "migration");
        String vm = in.readUTF();
        String cluster = StateBytes.readNullableString(in);
        Platform platform = Platform.valueOf(in.readUTF());
        TimelineBuilder timeline = TimelineState.fromBytes(readBlock(in));
        ConvergenceModel model = ConvergenceModel.fromBytes(readBlock(in), s.convergence(cluster, platform));
        AlertTracker alerts = AlertTracker.fromBytes(readBlock(in), timeline.migrationId(), vm, cluster, s.alerts());
        return new MigrationState(vm, cluster, platform, timeline, model, alerts);
    }

    private static void writeBlock(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBlock(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
