package io.migscope.producers.collect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows vCenter's migration events with {@code govc events -f -l -json -type ...}. govc reads the vCenter URL and
 * credentials from its environment (GOVC_URL, GOVC_USERNAME, GOVC_PASSWORD), so they never appear in the command
 * line, the process list or a log line. GOVC_INDENT=false makes govc print each record on one line, so every line
 * is stamped when its event arrives. When govc exits (vCenter restarted, session expired) it is run again; the
 * records it prints again on start carry the same ids.
 */
public final class VsphereCollector implements AutoCloseable {

    /** The vim event types of a migration; vCenter filters on them, so no other event crosses the network. */
    public static final List<String> TYPES = List.of("VmBeingHotMigratedEvent", "VmBeingMigratedEvent",
            "VmEmigratingEvent", "VmMigratedEvent", "DrsVmMigratedEvent", "VmFailedMigrateEvent");

    private final ProcessLines process;

    /** Where and as whom govc logs in; the password is only ever put in govc's environment. */
    public record Login(String url, String username, String password, boolean insecure) {
        @Override
        public String toString() {
            return "Login[url=" + url + ", username=" + username + ", password=******, insecure=" + insecure + "]";
        }
    }

    /**
     * @param govc  the govc program
     * @param paths inventory paths to watch (govc's PATH arguments); empty watches the whole vCenter
     */
    public VsphereCollector(String govc, Login login, List<String> paths, LineSink sink) {
        this.process = new ProcessLines("govc events", command(govc, paths), sink)
                .environment(environment(login))
                .restartAfter(Duration.ofSeconds(5));
    }

    public static List<String> command(String govc, List<String> paths) {
        List<String> c = new ArrayList<>(List.of(govc, "events", "-f", "-l", "-json"));
        for (String type : TYPES) {
            c.add("-type");
            c.add(type);
        }
        c.addAll(paths);
        return c;
    }

    static Map<String, String> environment(Login login) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GOVC_URL", login.url());
        if (login.username() != null && !login.username().isEmpty()) {
            env.put("GOVC_USERNAME", login.username());
        }
        if (login.password() != null && !login.password().isEmpty()) {
            env.put("GOVC_PASSWORD", login.password());
        }
        env.put("GOVC_INSECURE", String.valueOf(login.insecure()));
        env.put("GOVC_INDENT", "false");
        return env;
    }

    public VsphereCollector start() {
        process.start();
        return this;
    }

    /** Waits until govc has ended for good (only without restarts, or after close). */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return process.awaitEnd(timeout);
    }

    @Override
    public void close() {
        process.close();
    }
}
