package io.migscope.producers.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migscope.hosts.Addresses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An interface's own addresses, from {@code ip -j addr show dev IFACE} (iproute2's JSON: a list of links, each with
 * {@code addr_info[].local}). The iftop collector hands them to its parser in iftop's own words
 * ({@code IP address is: A}), so the measuring host's end of each flow is known for every address, not only the one
 * iftop itself prints.
 */
public final class InterfaceAddresses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InterfaceAddresses() {
    }

    /**
     * The addresses in iproute2's JSON, canonical, in its order.
     *
     * @throws IllegalArgumentException saying what is wrong when the text is not that JSON
     */
    public static List<String> parse(String json) {
        JsonNode links;
        try {
            links = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage()
                    + " (expected the output of ip -j addr show dev IFACE)");
        }
        if (links == null || !links.isArray()) {
            throw new IllegalArgumentException("expected a JSON list of links, as ip -j addr prints");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode link : links) {
            for (JsonNode info : link.path("addr_info")) {
                String a = Addresses.canonical(info.path("local").asText(""));
                if (a == null) {
                    throw new IllegalArgumentException("addr_info.local is not an IP address: " + info.path("local"));
                }
                if (!out.contains(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** Runs {@code ip -j addr show dev IFACE}; empty (and why, in the exception) when it cannot. */
    public static List<String> of(String iface) throws IOException {
        Process p = new ProcessBuilder("ip", "-j", "addr", "show", "dev", iface).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("ip -j addr show dev " + iface + ": no answer in 10 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("ip -j addr show dev " + iface + " failed (exit " + p.exitValue() + "): "
                        + out.strip());
            }
            return parse(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running ip -j addr", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("ip -j addr show dev " + iface + ": " + e.getMessage(), e);
        }
    }
}
