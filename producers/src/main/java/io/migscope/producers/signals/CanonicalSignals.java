package io.migscope.producers.signals;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.Platform;
import io.migscope.avro.PlatformReaction;
import io.migscope.avro.ReactionMark;
import java.util.List;

/**
 * Sets an event's canonical marks ({@code phases}, {@code reactions}) from its platform's own words: the only place
 * where a platform's status and detail text is read for its meaning. Streams reads the marks and nothing else.
 *
 * <p>One adapter per source family: {@link QemuSignals} (qmp, and the simulator, which behaves like QEMU),
 * {@link LibvirtSignals} (virsh-event, virsh-domjobinfo), {@link KubevirtSignals}, {@link NovaSignals} (nova-log lines
 * and notifications) and {@link GenericSignals} for every platform. They live together in this package rather than
 * next to each parser because the adapter is chosen by the event's platform, not by its parser: qmp and virsh accept
 * {@code --platform} (a QEMU trace from a KubeVirt launcher is labelled KUBEVIRT), and records replayed from older
 * versions reach this class with no parser at all.
 *
 * <p>Order matters and is kept: the platform's phases, then those of the kind; the kind's reactions, then abort,
 * force-complete, and KubeVirt's mode.
 */
public final class CanonicalSignals {

    private CanonicalSignals() {
    }

    /** Sets the event's phases and reactions, replacing any, and returns it (the same instance, not a copy). */
    public static MigrationEvent apply(MigrationEvent e) {
        Marks marks = marks(e);
        e.setPhases(marks.phases);
        e.setReactions(marks.reactions);
        return e;
    }

    /** False for records written before adapters existed (and for events that say nothing about phases). */
    public static boolean marked(MigrationEvent e) {
        return !e.getPhases().isEmpty() || !e.getReactions().isEmpty();
    }

    public static List<PhaseMark> phases(MigrationEvent e) {
        return marks(e).phases;
    }

    public static List<ReactionMark> reactions(MigrationEvent e) {
        return marks(e).reactions;
    }

    private static Marks marks(MigrationEvent e) {
        Marks out = new Marks();
        switch (e.getPlatform()) {
            case QEMU, SIMULATOR -> QemuSignals.phases(e, out);
            case LIBVIRT -> LibvirtSignals.phases(e, out);
            case KUBEVIRT -> KubevirtSignals.phases(e, out);
            case NOVA -> NovaSignals.phases(e, out);
            default -> GenericSignals.status(e, out);
        }
        GenericSignals.kindPhases(e, out);
        reactions(e, out);
        return out;
    }

    /**
     * The abort and force-complete words are read whatever the platform label, as streams always did: a record's
     * label may be an operator's choice ({@code --platform}), while the words are unambiguous.
     */
    private static void reactions(MigrationEvent e, Marks out) {
        long t = e.getEventTimeUs();
        GenericSignals.kindReactions(e, out);
        if (GenericSignals.abortRequested(e) || NovaSignals.saysAbort(e) || QemuSignals.saysAbort(e)) {
            out.reaction(PlatformReaction.ABORT, t, null);
        }
        if (NovaSignals.saysForceComplete(e)) {
            out.reaction(PlatformReaction.FORCE_COMPLETE, t, null);
        }
        if (e.getPlatform() == Platform.KUBEVIRT) {
            KubevirtSignals.modeReactions(e, out);
        }
    }
}
