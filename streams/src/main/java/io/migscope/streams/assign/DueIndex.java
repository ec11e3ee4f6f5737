package io.migscope.streams.assign;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * In memory: each VM's earliest due time, in order, so a record costs no store read unless something is due.
 * Rebuilt from the store in {@code init()}: it holds nothing the store does not.
 */
final class DueIndex {
    private record Entry(long dueUs, String vm) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(dueUs, o.dueUs);
            return c != 0 ? c : vm.compareTo(o.vm);
        }
    }

    private final TreeSet<Entry> byTime = new TreeSet<>();
    private final Map<String, Long> byVm = new HashMap<>();

    void clear() {
        byTime.clear();
        byVm.clear();
    }

    /** Sets (or, with null, removes) the VM's earliest due time. */
    void set(String vm, Long dueUs) {
        Long old = dueUs == null ? byVm.remove(vm) : byVm.put(vm, dueUs);
        if (old != null) {
            byTime.remove(new Entry(old, vm));
        }
        if (dueUs != null) {
            byTime.add(new Entry(dueUs, vm));
        }
    }

    /** Whether the VM has a migration due at or before {@code t}. */
    boolean dueFor(String vm, long t) {
        Long due = byVm.get(vm);
        return due != null && due <= t;
    }

    /** The VM with the earliest due time at or before {@code t}, or null. */
    String firstDueBy(long t) {
        return byTime.isEmpty() || byTime.first().dueUs() > t ? null : byTime.first().vm();
    }
}
