package io.migscope.producers.parse;

import io.migscope.producers.source.guest.GuestStressParser;
import io.migscope.producers.source.guest.GuestperfParser;
import io.migscope.producers.source.iftop.IftopParser;
import io.migscope.producers.source.kubevirt.KubevirtParser;
import io.migscope.producers.source.libvirt.DomjobinfoParser;
import io.migscope.producers.source.libvirt.VirshEventParser;
import io.migscope.producers.source.nova.NovaLogParser;
import io.migscope.producers.source.ping.PingParser;
import io.migscope.producers.source.qmp.QmpParser;
import io.migscope.producers.source.vsphere.VsphereParser;
import io.migscope.producers.source.xen.XenXapiParser;
import io.migscope.producers.source.xen.XenXlParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Format name to parser factory: the names {@code migscope parse FORMAT} and the collectors accept. */
public final class Parsers {

    private static final Map<String, Function<ParseContext, LineParser>> FACTORIES = factories();

    private Parsers() {
    }

    private static Map<String, Function<ParseContext, LineParser>> factories() {
        Map<String, Function<ParseContext, LineParser>> map = new LinkedHashMap<>();
        map.put("ping", PingParser::new);
        map.put("iftop", IftopParser::new);
        map.put("qmp", QmpParser::new);
        map.put("virsh-event", VirshEventParser::new);
        map.put("virsh-domjobinfo", DomjobinfoParser::new);
        map.put("kubevirt", KubevirtParser::new);
        map.put("nova-log", NovaLogParser::new);
        map.put("vsphere", VsphereParser::new);
        map.put("xen-xl", XenXlParser::new);
        map.put("xen-xapi", XenXapiParser::new);
        map.put("guestperf", GuestperfParser::new);
        map.put("guest-stress", GuestStressParser::new);
        return Map.copyOf(map);
    }

    public static Set<String> names() {
        return new TreeSet<>(FACTORIES.keySet());
    }

    /**
     * A fresh parser for one input.
     *
     * @throws IllegalArgumentException for an unknown format, or when the context lacks what the format needs
     *                                  (qmp, virsh-domjobinfo, xen-xl and guest-stress need a VM name): a usage error, exit code 2
     */
    public static LineParser create(String format, ParseContext context) {
        Function<ParseContext, LineParser> factory = FACTORIES.get(format);
        if (factory == null) {
            throw new IllegalArgumentException("unknown format '" + format + "'; expected one of " + names());
        }
        return factory.apply(context);
    }
}
