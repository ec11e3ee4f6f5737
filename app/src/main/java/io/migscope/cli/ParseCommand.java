package io.migscope.cli;

import io.migscope.producers.parse.ParseRun;
import io.migscope.producers.parse.Parsers;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Reads tool output and writes normalised records as JSON lines (snake_case schema field names) to stdout.
 * Each rejected line goes to stderr as {@code FILE:LINE: reason}; a count closes the output.
 * Exit 0 when every line was read, 3 when some were rejected (the good ones are still written), 2 on usage errors.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = "Parse tool output into normalised records (JSON lines on stdout, rejects on stderr).",
        footer = {"", "Formats: ping (ping -D -O), iftop (iftop -t), qmp, virsh-event, virsh-domjobinfo, kubevirt, nova-log,",
                "vsphere (govc -json), xen-xl (xl migrate), xen-xapi (xensource.log, xe task-list), guestperf, guest-stress.",
                "Exit: 0 all lines read, 3 some lines rejected, 2 usage error.",
                "Example: migscope parse ping --vm vm-a ping-vm-a.log"})
public final class ParseCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FORMAT", description = "One of: ${COMPLETION-CANDIDATES}",
            completionCandidates = Formats.class)
    String format;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "Input files ('-' for stdin)")
    List<String> files;

    @Mixin
    SourceOptions source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ParseRun.Result r = ParseRun.run(format, source.context(files.get(0)), files, out, err);
            return r.exitCode();
        } catch (IllegalArgumentException e) {
            err.println("migscope parse: " + e.getMessage());
            return Main.EXIT_USAGE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The format names, for help and completion. */
    static final class Formats implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Parsers.names().iterator();
        }
    }
}
