package io.migscope.streams.timeline;

import io.migscope.avro.Platform;
import java.util.List;

/**
 * Which source wins when several report the same boundary.
 *
 * <ul>
 *   <li>Hypervisor phases (precopy, postcopy, paused, switchover, resumed), passes, reported downtime and bytes:
 *       QEMU &gt; SIMULATOR (QEMU-like) &gt; libvirt &gt; Xen &gt; vSphere &gt; KubeVirt &gt; Nova. QEMU sees the
 *       vCPUs stop and resume itself; libvirt relays QEMU; the platforms poll.</li>
 *   <li>Platform phases (requested, queued, scheduling) and the outcome: DECLARED &gt; KubeVirt &gt; Nova &gt;
 *       vSphere &gt; Xen &gt; SIMULATOR &gt; libvirt &gt; QEMU. What a user declared in a run's manifest is kept (a
 *       source that says otherwise is flagged); the platform decides when a migration is over (it may still abort
 *       after QEMU completed), and only it knows about queueing.</li>
 * </ul>
 * Within the winning source, a phase starts at its earliest signal and the outcome is its latest one (a migration
 * is done when both sides say so); ties go to the smaller event id, so the choice depends only on the set.
 */
public final class Precedence {
    static final List<Platform> HYPERVISOR = List.of(Platform.QEMU, Platform.SIMULATOR, Platform.LIBVIRT,
            Platform.XEN, Platform.VSPHERE, Platform.KUBEVIRT, Platform.NOVA, Platform.UNKNOWN, Platform.DECLARED);
    static final List<Platform> PLATFORM = List.of(Platform.DECLARED, Platform.KUBEVIRT, Platform.NOVA,
            Platform.VSPHERE, Platform.XEN, Platform.SIMULATOR, Platform.LIBVIRT, Platform.QEMU, Platform.UNKNOWN);

    private Precedence() {
    }

    /** Lower is stronger. */
    public static int rank(String phase, Platform platform) {
        List<Platform> order = isPlatformPhase(phase) ? PLATFORM : HYPERVISOR;
        int i = order.indexOf(platform);
        return i < 0 ? order.size() : i;
    }

    public static int hypervisorRank(Platform platform) {
        int i = HYPERVISOR.indexOf(platform);
        return i < 0 ? HYPERVISOR.size() : i;
    }

    public static int platformRank(Platform platform) {
        int i = PLATFORM.indexOf(platform);
        return i < 0 ? PLATFORM.size() : i;
    }

    static boolean isPlatformPhase(String phase) {
        return phase.equals(Phases.REQUESTED) || phase.equals(Phases.QUEUED) || phase.equals(Phases.SCHEDULING)
                || Phases.isTerminal(phase);
    }
}
