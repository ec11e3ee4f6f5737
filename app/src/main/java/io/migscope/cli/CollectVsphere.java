package io.migscope.cli;

import io.migscope.config.ConfigException;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.producers.collect.VsphereCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code govc events -f -l -json} for vMotion events. The vCenter login comes from configuration only
 * (vsphere.url, vsphere.username, vsphere.password, the last through ${env:VAR} or ${file:PATH}), never a flag, so
 * it is in no shell history and no process list.
 */
@Command(name = "vsphere", mixinStandardHelpOptions = true,
        description = "Follow vCenter's migration events with govc (login from vsphere.* configuration keys).")
public final class CollectVsphere implements Callable<Integer> {
    @Mixin
    CollectOptions options;

    @Parameters(arity = "0..*", paramLabel = "PATH",
            description = "Inventory paths to watch (govc PATH arguments, e.g. /dc1/vm); default: all of vCenter")
    List<String> paths = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        MigscopeConfig config = options.config.load(Map.of());
        String url = config.get(Keys.VSPHERE_URL);
        if (url == null || url.isBlank()) {
            throw new ConfigException(Keys.VSPHERE_URL.name(), "not set: collect vsphere needs the vCenter URL");
        }
        var login = new VsphereCollector.Login(url, config.get(Keys.VSPHERE_USERNAME),
                config.get(Keys.VSPHERE_PASSWORD), config.getBoolean(Keys.VSPHERE_INSECURE));
        var publisher = options.publisher();
        var context = options.context("govc events");
        options.keep(new VsphereCollector(config.get(Keys.VSPHERE_GOVC), login, paths,
                options.sink("vsphere", context, publisher, null)).start());
        return options.runUntilStopped(new CountDownLatch(1));
    }
}
