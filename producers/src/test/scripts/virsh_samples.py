#!/usr/bin/env python3
"""Writes the virsh sample fixtures from libvirt's own printf formats (Python's % matches C's printf
for %-Ns, %-Nd and %.3f, both rounding the exact binary value). Numbers are chosen away from .xxx5 ties.

Formats, from libvirt/libvirt:
  tools/virsh-domain.c cmdDomjobinfo: "%-17s %-12s\\n" (Job type, Operation), "%-17s %-12llu ms\\n" (times),
    "%-17s %-.3lf %s\\n" (sizes, vshPrettyCapacity), "%-17s %-.3lf %s/s\\n" (bandwidth),
    "%-17s %-12llu pages/s\\n", "%-17s %-12llu bytes\\n", "%-17s %-12llu\\n" (counts), "%-17s %-13d\\n" (throttle)
  tools/vsh.c vshPrettyCapacity: divide by 1024 while >= 1024: B, KiB, MiB, GiB, TiB, PiB, EiB
  tools/virsh-domain-event.c virshEventPrintf: "%s: " + virTimeStringNowRaw ("%4d-%02d-%02d %02d:%02d:%02d.%03d+0000")
    virshEventLifecyclePrint "event 'lifecycle' for domain '%1$s': %2$s %3$s\\n"
    virshEventMigrationIterationPrint "event 'migration-iteration' for domain '%1$s': iteration: '%2$d'\\n"
    virshEventJobCompletedPrint "event 'job-completed' for domain '%1$s':\\n" then "\\t%s: %s\\n" (virTypedParameterToString)
  src/qemu/qemu_domainjob.c qemuDomainMigrationJobDataToParams: the order of the job-completed parameters.
"""
import os

HERE = os.path.join(os.path.dirname(__file__), "..", "resources", "samples")


def pretty(val):
    units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    limit, i = 1024.0, 0
    while val >= limit and i < len(units) - 1:
        limit *= 1024
        i += 1
    return val / (limit / 1024), units[i]


def s(label, value):
    return "%-17s %-12s\n" % (label, value)


def ms(label, value):
    return "%-17s %-12d ms\n" % (label, value)


def size(label, value, rate=False):
    v, u = pretty(value)
    return ("%-17s %-.3f %s/s\n" if rate else "%-17s %-.3f %s\n") % (label, v, u)


def count(label, value):
    return "%-17s %-12d\n" % (label, value)


def domjobinfo():
    mem_total, mem_done = 1091379200, 536870912
    running = (s("Job type:", "Unbounded") + s("Operation:", "Outgoing migration") + ms("Time elapsed:", 3021)
               + size("Data processed:", mem_done) + size("Data remaining:", mem_total - mem_done)
               + size("Data total:", mem_total) + size("Memory processed:", mem_done)
               + size("Memory remaining:", mem_total - mem_done) + size("Memory total:", mem_total)
               + size("Memory bandwidth:", 117540000, True) + "%-17s %-12d pages/s\n" % ("Dirty rate:", 2500)
               + "%-17s %-12d bytes\n" % ("Page size:", 4096) + count("Iteration:", 2)
               + count("Postcopy requests:", 0) + count("Constant pages:", 1200) + count("Normal pages:", 130001)
               + size("Normal data:", 130001 * 4096) + ms("Expected downtime:", 300) + ms("Setup time:", 10)
               + "%-17s %-13d\n" % ("Auto converge throttle:", 20))
    none = s("Job type:", "None")
    done_bytes = 1120003072
    completed = (s("Job type:", "Completed") + s("Operation:", "Outgoing migration") + ms("Time elapsed:", 5080)
                 + ms("Time elapsed w/o network:", 5079) + size("Data processed:", done_bytes)
                 + size("Data remaining:", 0) + size("Data total:", mem_total)
                 + size("Memory processed:", done_bytes) + size("Memory remaining:", 0)
                 + size("Memory total:", mem_total) + size("Memory bandwidth:", 220000000, True)
                 + "%-17s %-12d pages/s\n" % ("Dirty rate:", 0) + "%-17s %-12d bytes\n" % ("Page size:", 4096)
                 + count("Iteration:", 3) + count("Postcopy requests:", 0) + count("Constant pages:", 2400)
                 + count("Normal pages:", 270996) + size("Normal data:", 270996 * 4096)
                 + ms("Total downtime:", 182) + ms("Downtime w/o network:", 181) + ms("Setup time:", 10))
    failed = s("Job type:", "Failed") + s("Operation:", "Outgoing migration")
    return running + "\n" + none + "\n" + completed + "\n" + failed


def event_lines():
    def ts(sec, milli):
        return "%4d-%02d-%02d %02d:%02d:%02d.%03d+0000: " % (2024, 5, 1, 10, 0, sec, milli)

    dom = "vm-42"
    out = [ts(0, 120) + "event 'lifecycle' for domain '%s': %s %s\n" % (dom, "Started", "Booted"),
           ts(1, 7) + "event 'tunable' for domain '%s':\n" % dom + "\t%s: %s\n" % ("cputune.vcpu0", "0-3"),
           ts(5, 1) + "event 'migration-iteration' for domain '%s': iteration: '%d'\n" % (dom, 1),
           ts(6, 552) + "event 'migration-iteration' for domain '%s': iteration: '%d'\n" % (dom, 2),
           ts(9, 811) + "event 'lifecycle' for domain '%s': %s %s\n" % (dom, "Suspended", "Migrated"),
           ts(9, 812) + "event 'migration-iteration' for domain '%s': iteration: '%d'\n" % (dom, 3)]
    # qemuDomainMigrationJobDataToParams order; operation 5 = VIR_DOMAIN_JOB_OPERATION_MIGRATION_OUT
    params = [("operation", 5), ("time_elapsed", 5080), ("time_elapsed_net", 5079), ("downtime", 182),
              ("downtime_net", 181), ("setup_time", 10), ("data_total", 1091379200),
              ("data_processed", 1120003072), ("data_remaining", 0), ("memory_total", 1091379200),
              ("memory_processed", 1120003072), ("memory_remaining", 0), ("memory_bps", 117537792),
              ("memory_constant", 2400), ("memory_normal", 270996), ("memory_normal_bytes", 270996 * 4096),
              ("memory_dirty_rate", 2500), ("memory_iteration", 3), ("memory_postcopy_requests", 0),
              ("memory_page_size", 4096), ("disk_total", 0), ("disk_processed", 0), ("disk_remaining", 0)]
    out.append(ts(10, 200) + "event 'job-completed' for domain '%s':\n" % dom
               + "".join("\t%s: %s\n" % (k, v) for k, v in params))
    out.append(ts(10, 201) + "event 'lifecycle' for domain '%s': %s %s\n" % (dom, "Stopped", "Migrated"))
    out.append(ts(10, 300) + "event 'device-removed' for domain '%s': %s\n" % (dom, "net0"))
    out.append(ts(10, 301) + "event 'tray-change' for domain '%s' disk %s: opened\n" % (dom, "ide0-1-0"))
    out.append(ts(10, 302) + "event 'memory-device-size-change' for domain '%s':\nalias: %s\nsize: %d\n"
               % (dom, "virtiomem0", 1048576))
    out.append("event loop interrupted\n")
    out.append("events received: %d\n" % 13)
    return "".join(out)


def write(rel, text):
    with open(os.path.join(HERE, rel), "w", encoding="utf-8", newline="") as f:
        f.write(text)


if __name__ == "__main__":
    write("virsh-domjobinfo/running-then-completed.txt", domjobinfo())
    write("virsh-event/source.txt", event_lines())
