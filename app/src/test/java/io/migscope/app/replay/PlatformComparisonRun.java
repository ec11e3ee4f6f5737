package io.migscope.app.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.avro.EventKind;
import io.migscope.avro.GuestSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.PingSample;
import io.migscope.avro.Platform;
import io.migscope.producers.simulator.Flavor;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.GuestLoad;
import io.migscope.producers.simulator.MigrationExpectation;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.producers.simulator.VmProfile;
import io.migscope.streams.downtime.DowntimeSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The platform-comparison sample: seed 002's comparison in the tools' own output. The seed-002 simulator migrates
 * an idle guest and one dirtying 256 MiB (DPG) on vSphere, XenServer and KVM; each migration is written as its
 * platform reports it (govc events and tasks, a VM.pool_migrate in xensource.log, a guestperf report for KVM, whose
 * guest timings are the guest's report), with a {@code ping -D -O} log of the VM and, except for the idle vSphere
 * guest, a guest-stress report. The run manifest labels each migration's sources with its load profile.
 * expected.jsonl holds what each migration encodes, in the times the tools print (a second in xensource.log, a
 * millisecond in govc's and guestperf's output), and the guest figures computed from the samples written here.
 */
final class PlatformComparisonRun {
    private static final Path FIXTURES = Path.of("..", "producers", "src", "test", "resources", "samples");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START_US = Instant.parse("2026-11-02T10:00:00Z").getEpochSecond() * 1_000_000L;
    private static final long MIB = 1L << 20;
    private static final long PAGE = 4096;
    /** The windows the replay uses (the defaults): expected guest figures follow the same definition. */
    private static final DowntimeSettings WINDOWS = DowntimeSettings.defaults();

    /** What one migration is called and how its platform prints it. */
    private record Case(String dir, String vm, Platform platform, GuestLoad load, boolean guestReport) {
    }

    /** Everything the simulator made for one VM. */
    private static final class Made {
        final List<PingSample> probes = new ArrayList<>();
        final List<GuestSample> guest = new ArrayList<>();
        final List<MigrationEvent> events = new ArrayList<>();
    }

    private PlatformComparisonRun() {
    }

    static SimulationSpec spec() {
        List<VmProfile> profiles = new ArrayList<>();
        for (Case c : cases()) {
            profiles.add(VmProfile.seed002(c.platform(), Flavor.M, c.load()));
        }
        // as seed002(): VM i on cluster i % 3, each migration on its own pair of hosts, all at once
        return SimulationSpec.seed002(2, START_US).toBuilder().vms(profiles.size()).profiles(profiles)
                .nodesPerCluster(3).parallelismPerCluster(2).baselineUs(10_000_000).recoveryUs(10_000_000)
                .wave("platform-comparison").build();
    }

    /** In the simulator's cluster order: VSPHERE, XEN, QEMU. */
    private static List<Case> cases() {
        GuestLoad dpg = GuestLoad.dirty(256 * MIB);
        return List.of(
                new Case("vsphere-idle", "vsphere-idle", Platform.VSPHERE, GuestLoad.none(), false),
                new Case("xen-idle", uuid("xen-idle"), Platform.XEN, GuestLoad.none(), true),
                new Case("kvm-idle", "kvm-idle", Platform.QEMU, GuestLoad.none(), true),
                new Case("vsphere-dpg256", "vsphere-dpg256", Platform.VSPHERE, dpg, true),
                new Case("xen-dpg256", uuid("xen-dpg256"), Platform.XEN, dpg, true),
                new Case("kvm-dpg256", "kvm-dpg256", Platform.QEMU, dpg, true));
    }

    /** xapi names a VM by its uuid. */
    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        FleetSimulator sim = new FleetSimulator(spec());
        Map<String, Made> made = new HashMap<>();
        for (SimulatedRecord r : sim) {
            Made m = made.computeIfAbsent(r.key(), k -> new Made());
            if (r.value() instanceof PingSample p) {
                m.probes.add(p);
            } else if (r.value() instanceof GuestSample g) {
                m.guest.add(g);
            } else if (r.value() instanceof MigrationEvent e) {
                m.events.add(e);
            }
        }
        List<Case> cases = cases();
        StringBuilder sources = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            MigrationExpectation e = sim.expectations().get(i);
            Made m = made.get(e.vm());
            Path d = dir.resolve(c.dir());
            Files.createDirectories(d);
            String load = c.load().label();
            Times t = switch (c.platform()) {
                case VSPHERE -> vsphere(d, c, e, i, sources, load);
                case XEN -> xen(d, c, e, i, sources, load);
                default -> kvm(d, c, e, m, sources, load);
            };
            String target = "10.0.1." + (i + 1);
            Files.writeString(d.resolve("ping.log"), ToolText.pingLog(target, m.probes));
            sources.append(String.format(Locale.ROOT, "  - {format: ping, file: %s/ping.log, vm: %s, interval_ms: 100}%n",
                    c.dir(), c.vm()));
            List<GuestSample> reported = new ArrayList<>();
            if (c.guestReport() && c.platform() != Platform.QEMU) {
                Files.writeString(d.resolve("guest-stress.txt"), ToolText.guestStress(m.guest));
                sources.append(String.format(Locale.ROOT, "  - {format: guest-stress, file: %s/guest-stress.txt, vm: %s}%n",
                        c.dir(), c.vm()));
                m.guest.forEach(g -> reported.add(rounded(g, 10.0)));
            } else if (c.guestReport()) {
                m.guest.forEach(g -> reported.add(rounded(g, 1.0)));
            }
            expected.append(JSON.writeValueAsString(expectation(c, e, t, reported))).append('\n');
        }
        Files.writeString(dir.resolve("expected.jsonl"), expected.toString());
        Files.writeString(dir.resolve("run.yaml"), String.format(Locale.ROOT, """
                # Seed 002's comparison in the tools' own output: an idle guest and one dirtying 256 MiB (DPG),
                # migrated by vSphere (govc events and tasks), XenServer (xensource.log) and KVM (guestperf reports),
                # with each VM's ping -D -O log and the guests' own reports (guest-stress, guestperf's guest timings;
                # none for the idle vSphere guest). Generated from the seed-002 simulator; expected.jsonl holds what
                # each migration encodes. See README.md.
                name: platform-comparison
                cluster: lab
                sources:
                %s""", sources));
    }

    /** The phase times as the platform's tool prints them. */
    private record Times(long firstPhaseUs, long transferUs, long endUs, Long reportedDowntimeMs) {
    }

    /**
     * vCenter: VmBeingMigratedEvent at the request and VmMigratedEvent at the end (govc events -json on the VM),
     * and the MigrateVM_Task polled three times (govc tasks -json): queued, running, then done; times to the
     * millisecond. The tasks come first in the manifest: at the request both say the same instant, and the task's
     * event chain id names the migration that the events (which carry none) then join.
     */
    private static Times vsphere(Path d, Case c, MigrationExpectation e, int index, StringBuilder sources,
                                 String load) throws IOException {
        long requested = ms(e.requestedUs());
        long started = ms(e.activeUs());
        long ended = ms(e.endedUs());
        // vCenter shares the event chain of the task's first event with the task
        int chain = 400 + 10 * index;
        String events = event("VmBeingMigratedEvent", requested, "Relocating " + c.vm() + " from " + e.sourceHost()
                + ", LocalDS_0 in DC0 to " + e.targetHost() + ", LocalDS_0 in DC0", chain)
                + event("VmMigratedEvent", ended, "Migration of virtual machine " + c.vm() + " from " + e.sourceHost()
                + ", LocalDS_0 to " + e.targetHost() + ", LocalDS_0 completed", chain + 1);
        Files.writeString(d.resolve("govc-events.jsonl"), events);
        String queued = ToolText.indented(tasks(task(c, chain, "queued", requested, null, null, null)), 2);
        // the second poll a second after the start: the task's own percentage by then
        int progress = (int) Math.min(99, 100_000_000L / Math.max(1, ended - started));
        String running = ToolText.indented(tasks(task(c, chain, "running", requested, started, null, progress)), 2);
        String done = ToolText.indented(tasks(task(c, chain, "success", requested, started, ended, null)), 2);
        Files.writeString(d.resolve("govc-tasks.json"), queued + "\n" + running + "\n" + done + "\n");
        sources.append(String.format(Locale.ROOT, "  - {format: vsphere, file: %s/govc-tasks.json, load_profile: %s}%n"
                + "  - {format: vsphere, file: %s/govc-events.jsonl, load_profile: %s}%n", c.dir(), load, c.dir(), load));
        return new Times(requested, started, ended, null);
    }

    private static String event(String type, long us, String message, int key) throws IOException {
        ObjectNode n = JSON.createObjectNode().put("type", type).put("createdTime", ToolText.goTime(us))
                .put("category", "info").put("message", message).put("key", key);
        return JSON.writeValueAsString(n) + "\n";
    }

    private static ObjectNode tasks(ObjectNode task) {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("tasks").add(task);
        return root;
    }

    private static ObjectNode task(Case c, int chain, String state, long queued, Long started, Long completed,
                                   Integer progress) {
        String key = "task-" + (chain + 100);
        ObjectNode t = JSON.createObjectNode().put("key", key);
        t.putObject("task").put("type", "Task").put("value", key);
        t.put("name", "MigrateVM_Task").put("descriptionId", "VirtualMachine.migrate");
        t.putObject("entity").put("type", "VirtualMachine").put("value", "vm-" + (chain / 2));
        t.put("entityName", c.vm()).put("state", state).put("cancelled", false).put("cancelable", completed == null);
        // govc leaves out what the TaskInfo does not have yet (omitempty)
        if (progress != null) {
            t.put("progress", progress);
        }
        t.putObject("reason").put("userName", "user");
        t.put("queueTime", ToolText.goTime(queued));
        if (started != null) {
            t.put("startTime", ToolText.goTime(started));
        }
        if (completed != null) {
            t.put("completeTime", ToolText.goTime(completed));
        }
        t.put("eventChainId", chain);
        return t;
    }

    /**
     * XenServer: the lines of the VM.pool_migrate task on both hosts (grep of xensource.log for the task), in the
     * shapes of the xen-xapi fixture: request, handover to xenopsd, emu-manager's progress each second, the suspend
     * for the last copy, the unpause on the destination and the completion; times to the second.
     */
    private static Times xen(Path d, Case c, MigrationExpectation e, int index, StringBuilder sources, String load)
            throws IOException {
        long requested = sec(e.requestedUs());
        long started = sec(e.activeUs());
        long stop = sec(e.switchoverUs());
        long resumed = sec(e.resumedUs());
        long ended = sec(e.endedUs());
        String ref = "R:" + uuid(c.dir() + "/task").replace("-", "").substring(0, 12);
        String done = "D:" + uuid(c.dir() + "/complete").replace("-", "").substring(0, 12);
        String src = e.sourceHost();
        String dst = e.targetHost();
        String dstUuid = uuid(dst);
        String url = "https://10.0.2." + (index + 1) + "/services/xenops?session_id=OpaqueRef:" + uuid(c.dir() + "/session");
        String xapi = " xapi: [debug||5711 HTTPS 10.0.0.9->:::80|Async.VM.pool_migrate " + ref + "|";
        String info = " xapi: [ info||5711 HTTPS 10.0.0.9->:::80|Async.VM.pool_migrate " + ref + "|";
        String xenops = " xenopsd-xc: [debug||38 |Async.VM.pool_migrate " + ref + "|";
        String object = "VM = '" + c.vm() + " (" + c.dir() + ")'; host = '" + dstUuid + " (" + dst + ")'";
        String vmDom = "VM = " + c.vm() + "; domid = " + (12 + index) + "; ";
        List<String> lines = new ArrayList<>();
        lines.add(ToolText.syslog(requested) + " " + src + xapi + "audit] VM.pool_migrate: " + object);
        lines.add(ToolText.syslog(started) + " " + src + xapi + "xapi_vm_migrate] Xapi_vm_migrate.pool_migrate using stream"
                + " compression=false");
        lines.add(ToolText.syslog(started) + " " + src + info + "xapi_vm_migrate] xenops: VM.migrate " + c.vm() + " to " + url);
        lines.add(ToolText.syslog(started) + " " + src + xenops + "xenops_server] VM.migrate " + c.vm() + " -> " + url);
        lines.add(ToolText.syslog(started) + " " + src + xenops + "xenops] " + vmDom + "waiting for emu-manager...");
        lines.add(ToolText.syslog(started) + " " + src + xenops + "xenops] " + vmDom + "message from emu-manager: prepare:xenguest");
        for (long s = started; s <= stop; s += 1_000_000L) {
            long pct = stop == started ? 100 : 100 * (s - started) / (stop - started);
            lines.add(ToolText.syslog(s) + " " + src + xenops + "xenops] " + vmDom + "progress = " + pct + " / 100");
        }
        lines.add(ToolText.syslog(stop) + " " + src + xenops + "xenops] " + vmDom + "message from emu-manager: suspend:");
        lines.add(ToolText.syslog(stop) + " " + src + xenops + "xenops] " + vmDom + "suspending qemu-dm");
        lines.add(ToolText.syslog(resumed) + " " + src + xenops + "xenops] " + vmDom + "emu-manager completed successfully");
        lines.add(ToolText.syslog(resumed) + " " + dst + " xenopsd-xc: [debug||27 |Async.VM.pool_migrate " + ref
                + "|xenops_server] VM.unpause " + c.vm());
        lines.add(ToolText.syslog(resumed) + " " + src + info + "xapi_vm_migrate] VM OpaqueRef:" + uuid(c.dir() + "/vm")
                + " migrated from OpaqueRef:" + uuid(src) + " to OpaqueRef:" + uuid(dst)
                + " - detaching VM's network at source");
        lines.add(ToolText.syslog(ended) + " " + src + " xapi: [debug||5716 UNIX /var/lib/xcp/xapi||dummytaskhelper] task"
                + " VM.pool_migrate_complete " + done + " created by task " + ref);
        lines.add(ToolText.syslog(ended) + " " + src + " xapi: [debug||5716 UNIX /var/lib/xcp/xapi|VM.pool_migrate_complete "
                + done + "|audit] VM.pool_migrate_complete: " + object);
        lines.add(ToolText.syslog(ended) + " " + dst + " xapi: [debug||811 INET :::80|VM.pool_migrate_complete " + done
                + "|xapi_vm_migrate] VM.pool_migrate_complete " + c.vm());
        Files.writeString(d.resolve("xensource.log"), String.join("\n", lines) + "\n");
        sources.append(String.format(Locale.ROOT, "  - {format: xen-xapi, file: %s/xensource.log, log_zone: UTC,"
                + " started_at: \"%s\", load_profile: %s}%n", c.dir(), Instant.ofEpochSecond(START_US / 1_000_000L), load));
        return new Times(requested, started, ended, null);
    }

    /**
     * KVM: guestperf's report of the migration ({@code Report.to_json()} in the guestperf fixture's shape): a
     * progress entry at each pass from query-migrate, the completed one with QEMU's downtime, and the guest's
     * timings (a GiB each, epoch ms / 1000 and whole ms, as stress.c prints them).
     */
    private static Times kvm(Path d, Case c, MigrationExpectation e, Made m, StringBuilder sources, String load)
            throws IOException {
        ObjectNode report = (ObjectNode) JSON.readTree(FIXTURES.resolve("guestperf/auto-converge.json").toFile());
        ((ObjectNode) report.get("hardware")).put("cpus", Flavor.M.vcpus()).put("mem", Flavor.M.ramGib());
        ((ObjectNode) report.get("scenario")).put("name", c.dir()).put("downtime", spec().downtimeLimitMs())
                .put("max_iters", 30).put("auto_converge", true);
        ArrayNode history = JSON.createArrayNode();
        long first = Long.MIN_VALUE;
        long end = 0;
        Long downtime = null;
        for (MigrationEvent ev : m.events) {
            boolean completed = ev.getKind() == EventKind.STATUS && "completed".equals(ev.getStatus())
                    && "source".equals(ev.getRole());
            if (ev.getKind() != EventKind.PASS && !completed || ev.getStats() == null) {
                continue;
            }
            long at = ms(ev.getEventTimeUs());
            first = first == Long.MIN_VALUE ? at : first;
            MigrationStats s = ev.getStats();
            long transferred = s.getRamTransferredBytes();
            ObjectNode p = history.addObject().put("status", completed ? "completed" : "active");
            p.putObject("ram").put("transferred_bytes", transferred).put("remaining_bytes", s.getRamRemainingBytes())
                    .put("total_bytes", s.getRamTotalBytes()).put("duplicate_pages", 0).put("skipped_pages", 0)
                    .put("normal_pages", transferred / PAGE).put("normal_bytes", transferred / PAGE * PAGE)
                    .put("dirty_rate_pps", s.getDirtyRateBytesPerSec() == null ? 0 : s.getDirtyRateBytesPerSec() / PAGE)
                    .put("transfer_rate_mbs", s.getBandwidthBytesPerSec() * 8 / 1e6)
                    .put("iterations", completed ? e.passes() : ev.getPass());
            downtime = completed ? s.getDowntimeMs() : null;
            p.set("now", seconds(at));
            p.put("duration", s.getTimeElapsedMs()).put("downtime", downtime == null ? 0 : downtime)
                    .put("downtime_expected", s.getExpectedDowntimeMs() == null ? 0 : s.getExpectedDowntimeMs())
                    .put("setup_time", s.getSetupTimeMs()).put("throttle_pcent",
                            s.getCpuThrottlePercent() == null ? 0 : s.getCpuThrottlePercent());
            end = at;
        }
        report.set("progress_history", history);
        ArrayNode timings = JSON.createArrayNode();
        for (GuestSample g : m.guest) {
            ObjectNode timing = timings.addObject().put("tid", 151);
            timing.set("timestamp", seconds(ms(g.getSampleTimeUs())));
            timing.put("value", Math.round(g.getMsPerGb()));
        }
        report.set("guest_timings", timings);
        report.set("qemu_timings", JSON.createArrayNode());
        report.set("vcpu_timings", JSON.createArrayNode());
        Files.writeString(d.resolve("guestperf.json"), ToolText.indented(report, 4));
        sources.append(String.format(Locale.ROOT, "  - {format: guestperf, file: %s/guestperf.json, vm: %s, load_profile:"
                + " %s}%n", c.dir(), c.vm(), load));
        return new Times(first, first, end, downtime);
    }

    /** What the sample encodes for one migration: the tools' times, the injected blackout, the guest's figures. */
    private static ObjectNode expectation(Case c, MigrationExpectation e, Times t, List<GuestSample> reported) {
        ObjectNode n = JSON.createObjectNode().put("vm", c.vm()).put("platform", c.platform().name())
                .put("load_profile", c.load().label()).put("outcome", e.outcome())
                .put("first_phase_us", t.firstPhaseUs()).put("transfer_start_us", t.transferUs())
                .put("ended_us", t.endUs()).put("migration_time_ms", (t.endUs() - t.firstPhaseUs()) / 1000)
                .put("blackout_start_us", e.blackoutStartUs()).put("blackout_end_us", e.blackoutEndUs());
        n.put("reported_downtime_ms", t.reportedDowntimeMs());
        List<Double> before = new ArrayList<>();
        Double slowest = null;
        for (GuestSample g : reported) {
            long at = g.getSampleTimeUs();
            if (at >= t.transferUs() - WINDOWS.baselineUs() && at < t.transferUs()) {
                before.add(g.getMsPerGb());
            }
            if (at >= t.firstPhaseUs() && at < t.endUs() + WINDOWS.recoveryUs()) {
                slowest = slowest == null ? g.getMsPerGb() : Math.max(slowest, g.getMsPerGb());
            }
        }
        before.sort(null);
        int k = before.size();
        n.put("guest_report", !reported.isEmpty());
        n.put("guest_baseline_ms_per_gb", k == 0 ? null
                : k % 2 == 1 ? before.get(k / 2) : (before.get(k / 2 - 1) + before.get(k / 2)) / 2);
        n.put("guest_slowdown_max_ms_per_gb", slowest);
        return n;
    }

    /** A sample as the report prints it: guestperf to the ms and whole ms, guest-stress to a tenth of a ms. */
    private static GuestSample rounded(GuestSample g, double per) {
        GuestSample r = GuestSample.newBuilder(g).build();
        if (per == 1.0) {
            r.setSampleTimeUs(ms(g.getSampleTimeUs()));
            r.setMsPerGb((double) Math.round(g.getMsPerGb()));
        } else {
            r.setMsPerGb(Double.parseDouble(String.format(Locale.ROOT, "%.1f", g.getMsPerGb())));
        }
        return r;
    }

    private static long ms(long us) {
        return us / 1000 * 1000;
    }

    private static long sec(long us) {
        return us / 1_000_000L * 1_000_000L;
    }

    /** Epoch seconds with the milliseconds, as guestperf's time.time() / 1000-based stamps read. */
    private static JsonNode seconds(long us) {
        return JSON.getNodeFactory().numberNode(new java.math.BigDecimal(us / 1000).movePointLeft(3));
    }
}
