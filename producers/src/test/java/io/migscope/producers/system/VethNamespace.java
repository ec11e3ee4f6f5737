package io.migscope.producers.system;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace joined to the root namespace by a veth pair, on a random 10.213.N.0/30: the root side is
 * 10.213.N.1 and the namespace side 10.213.N.2. Names are unique per test run; {@link #close()} removes both.
 * Public for the wire system test in streams (the producers test-jar).
 */
public final class VethNamespace implements AutoCloseable {
    public final String ns;
    public final String rootIface;
    public final String nsIface;
    public final String rootAddr;
    public final String nsAddr;

    private VethNamespace(String tag, int subnet) {
        this.ns = "ms" + tag;
        this.rootIface = "ms" + tag + "r";
        this.nsIface = "ms" + tag + "n";
        this.rootAddr = "10.213." + subnet + ".1";
        this.nsAddr = "10.213." + subnet + ".2";
    }

    public static VethNamespace create() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        VethNamespace v = new VethNamespace(Integer.toString(r.nextInt(1 << 24, 1 << 28), 36), r.nextInt(256));
        try {
            SystemTools.run("ip", "netns", "add", v.ns).orThrow("ip netns add");
            SystemTools.run("ip", "link", "add", v.rootIface, "type", "veth", "peer", "name", v.nsIface).orThrow("veth");
            SystemTools.run("ip", "link", "set", v.nsIface, "netns", v.ns).orThrow("move veth");
            SystemTools.run("ip", "addr", "add", v.rootAddr + "/30", "dev", v.rootIface).orThrow("root address");
            SystemTools.run("ip", "link", "set", v.rootIface, "up").orThrow("root up");
            v.inNs("ip", "addr", "add", v.nsAddr + "/30", "dev", v.nsIface).orThrow("ns address");
            v.inNs("ip", "link", "set", v.nsIface, "up").orThrow("ns up");
            v.inNs("ip", "link", "set", "lo", "up").orThrow("ns lo up");
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
        return v;
    }

    public SystemTools.Result inNs(String... command) {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = ns;
        System.arraycopy(command, 0, full, 4, command.length);
        return SystemTools.run(full);
    }

    @Override
    public void close() {
        SystemTools.run("ip", "netns", "del", ns);
        // Deleting the namespace deletes its veth end and so the pair; this is for a half-built pair.
        SystemTools.run("ip", "link", "del", rootIface);
    }
}
