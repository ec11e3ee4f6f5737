package io.migscope.producers.source.libvirt;

import io.migscope.avro.JobOperation;
import java.util.List;

/**
 * libvirt's virDomainJobOperation, by code and by the words virsh prints for it. Codes from
 * include/libvirt/libvirt-domain.h: UNKNOWN 0 ... DUMP 8 since 3.3.0, BACKUP 9 since 6.0.0, SNAPSHOT_DELETE 10 since
 * 9.0.0 (checked in libvirt/libvirt at 007f500a for 0..8 and in libvirt 9.0.0's installed header for 9 and 10).
 * Words from virsh's virshDomainJobOperation enum (tools/virsh-domain.c), as virsh 9.0.0 prints them in
 * {@code Operation:}; virsh prints "unknown" for a code newer than itself.
 */
final class JobOperations {

    /** In code order: the index is the code, the word is what virsh prints. */
    private static final List<String> WORDS = List.of("Unknown", "Start", "Save", "Restore", "Incoming migration",
            "Outgoing migration", "Snapshot", "Snapshot revert", "Dump", "Backup", "Snapshot delete");

    private JobOperations() {
    }

    /** The operation of a code; a code newer than this list is UNKNOWN, never a migration. */
    static JobOperation ofCode(long code) {
        return code >= 0 && code < WORDS.size() ? JobOperation.values()[(int) code] : JobOperation.UNKNOWN;
    }

    /** The operation of virsh's word, or null for a word virsh does not print. */
    static JobOperation ofWord(String word) {
        if (word.equals("unknown")) {
            return JobOperation.UNKNOWN;
        }
        int code = WORDS.indexOf(word);
        return code < 0 ? null : JobOperation.values()[code];
    }

    /** The word virsh prints for a code; a code newer than this list keeps its number. */
    static String describe(long code) {
        return code >= 0 && code < WORDS.size() ? WORDS.get((int) code) : "unknown operation " + code;
    }

    static String words() {
        return String.join(", ", WORDS);
    }
}
