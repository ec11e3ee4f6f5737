package io.migscope.producers.simulator;

import io.migscope.avro.Platform;
import java.util.SplittableRandom;

/**
 * The physics of seed 002's three platforms, for VMs whose profile names QEMU, XEN or VSPHERE. Seed 002 defines its
 * two measures ("The migration time is the time from requesting the hypervisor to migrate the VM until it reports
 * the successful migration. The blackout time is the time, the VM is not responsive to network I/O") and its loads,
 * and shows charts without numbers; what each platform does with a load comes from the platform's own sources and
 * documentation, cited on each constant. Where neither gives a number, the value is a choice, and says so.
 *
 * <ul>
 * <li>KVM/QEMU skips pages that were never written (zero pages), so only touched memory moves: more locked memory
 * (LPG) means a longer migration. It stops pre-copying once the rest fits in downtime-limit, and throttles a guest
 * that dirties too fast (auto-converge), so under DPG the migration grows long while the blackout stays small.</li>
 * <li>XenServer (libxc's save loop) sends every page of the guest in the first pass, used or not (it starts with
 * {@code memset(to_send, 0xff, ...)}), so LPG changes little. It stops after a quiet pass, after 30 passes, or
 * once it has sent three times the guest's memory, and then sends whatever is dirty with the guest paused: under
 * DPG the migration time levels off while the blackout grows with the dirty pages.</li>
 * <li>vSphere vMotion is taken to copy the guest's whole memory first too (an assumption: we found no VMware
 * statement on whether it skips zero pages). While the guest dirties faster than the link, SDPS puts its vCPUs to
 * sleep so that pre-copy converges: the migration grows with DPG, while the last copy stays within its switchover
 * target, so the blackout stays bounded.</li>
 * </ul>
 * CPU load (CLG) dirties no memory and takes no network, so it changes neither measure on any platform here.
 */
final class PlatformModels {
    /**
     * How fast a DPG rewrites its buffer. Seed 002 gives no rate; chosen 512 MiB/s: four times the 1 Gb/s link, so
     * that every platform has to act, and slow enough that QEMU's auto-converge settles at a 90 % throttle (the
     * guest then writes a GiB in about 4,000 ms, inside seed 003's "as much as 7000 ms/GB").
     */
    static final long DPG_RATE_BYTES_PER_SEC = 512L << 20;
    /**
     * libxc's legacy save loop, tools/libxc/xc_domain_save.c (xen-project/xen @
     * b9041b4eeb792fa0ef42828d2d49c22484f2e363, the last commit before b15bc4345e removed it in 2015; the code
     * XenServer ran in seed 002's time): {@code DEF_MAX_ITERS 29} ("limit us to 30 times round loop"),
     * {@code DEF_MAX_FACTOR 3} ("never send more than 3x p2m_size"), and the last iteration once
     * {@code sent_this_iter + skip_this_iter < 50} pages.
     */
    static final int XEN_MAX_ITERS = 29;
    static final int XEN_MAX_FACTOR = 3;
    static final long XEN_QUIET_PASS_BYTES = 50L * 4096;
    /**
     * The pause vMotion aims for. VMware does not publish it; chosen 500 ms, which keeps vMotion's blackout under the
     * second it is known for.
     */
    static final long VMOTION_SWITCHOVER_TARGET_US = 500_000;
    /**
     * SDPS ("Slow Down During Page Send", vSphere 5.0; Duncan Epping, "Clearing up a misunderstanding around CPU
     * throttling with vMotion", yellow-bricks.com, 2012): when pages are dirtied faster than they can be sent, the
     * vCPUs are put to sleep for milliseconds at a time. How far it slows them is not published; chosen: to 80 % of
     * the link.
     */
    static final double SDPS_DIRTY_SHARE = 0.8;

    private PlatformModels() {
    }

    static ModelInput physics(VmProfile p, SimulationSpec spec, SplittableRandom rng) {
        Flavor f = p.flavor();
        GuestLoad load = p.load();
        long bandwidth = spec.bandwidthBytesPerSec();
        long resident = Math.round(f.residentBytes() * (0.97 + 0.06 * rng.nextDouble()));
        long touched = resident + load.lockedBytes() + load.dirtyBytes();
        long idleDirty = Math.round(FleetPlanner.IDLE_DIRTY_BYTES_PER_SEC * (0.8 + 0.4 * rng.nextDouble()));
        boolean dpg = load.dirtyBytes() > 0;
        long dirty = dpg ? DPG_RATE_BYTES_PER_SEC : idleDirty;
        long workingSet = dpg ? load.dirtyBytes() : resident;
        long setupUs = Math.round((FleetPlanner.SETUP_BASE_US + FleetPlanner.SETUP_PER_GIB_US * f.ramGib())
            * (0.95 + 0.1 * rng.nextDouble()));
        boolean qemu = p.platform() == Platform.QEMU;
        // QEMU finds the untouched pages zero and sends a flag for each; Xen and vMotion send them all
        long initial = qemu ? touched : f.ramBytes();
        long zeroScanUs = qemu
            ? Math.round((double) Math.max(0, f.ramBytes() - touched) / Flavor.GIB * FleetPlanner.ZERO_SCAN_PER_GIB_US)
            : 0;
        long completionUs = spec.completionTimeoutPerGibS() * 1_000_000L * f.ramBytes() / Flavor.GIB;
        ModelInput.StopRule rule = switch (p.platform()) {
            case QEMU -> ModelInput.StopRule.DOWNTIME_LIMIT;
            case XEN -> ModelInput.StopRule.XEN_LEGACY;
            case VSPHERE -> ModelInput.StopRule.VMOTION;
            default -> throw new IllegalArgumentException("no seed-002 model for " + p.platform());
        };
        boolean vmotion = rule == ModelInput.StopRule.VMOTION;
        return new ModelInput(f.ramBytes(), initial, workingSet, dirty, bandwidth, spec.downtimeLimitMs() * 1_000,
            setupUs, zeroScanUs, f.deviceStateUs(), false, completionUs, spec.progressTimeoutS() * 1_000_000L, rule,
            qemu, vmotion ? VMOTION_SWITCHOVER_TARGET_US : 0, vmotion ? SDPS_DIRTY_SHARE : 0);
    }
}
