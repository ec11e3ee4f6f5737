package io.migscope.app.bench;

import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.Parsers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tool output as the tools print it, generated in memory for the parser benchmark (one format per method). */
public final class SyntheticLines {
    private static final long T0_US = 1_790_000_000_000_000L;

    private SyntheticLines() {
    }

    /** {@code ping -D -O} replies every ~100 ms, with the 16-bit seq wrapping. */
    /** A parser of {@code format} set up for these lines (VM identity, ping target and interval, iftop start). */
    public static LineParser parser(String format) {
        ParseContext ctx = ParseContext.defaults("bench").withIdentity("vm-bench", "bench", "node-1", "source")
                .withPing("10.0.0.5", 100_000L, 1_000_000L).withIftop("eth0", T0_US, ParseContext.IFTOP_INTERVAL_US);
        return Parsers.create(format, ctx);
    }

    public static List<String> ping(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long us = T0_US + i * 100_412L;
            out.add(String.format(Locale.ROOT, "[%d.%06d] 64 bytes from 10.0.0.5: icmp_seq=%d ttl=64 time=%d.%03d ms",
                    us / 1_000_000, us % 1_000_000, (i + 1) % 65536, i % 2, 300 + i % 400));
        }
        return out;
    }

    /** One {@code iftop -t -P -B} block exactly as iftop prints it (two pairs, totals, closing rule). */
    private static final List<String> IFTOP_BLOCK = List.of(
            "   # Host name (port/service if enabled)            last 2s   last 10s   last 40s cumulative",
            "--------------------------------------------------------------------------------------------",
            "   1 10.0.0.1:49152                           =>     1.10GB      563MB      141MB     2.20GB",
            "     10.0.0.2:16509                           <=     1.50MB      768KB      192KB     3.00MB",
            "   2 [fe80::1]:22                             =>       512B       512B       512B     1.00KB",
            "     [fe80::2]:50022                          <=         0B         0B         0B         0B",
            "--------------------------------------------------------------------------------------------",
            "Total send rate:                                     1.10GB      563MB      141MB",
            "Total receive rate:                                  1.50MB      768KB      192KB",
            "Total send and receive rate:                         1.10GB      564MB      141MB",
            "--------------------------------------------------------------------------------------------",
            "Peak rate (sent/received/total):                     1.10GB     1.50MB     1.10GB",
            "Cumulative (sent/received/total):                    2.20GB     3.00MB     2.20GB",
            "============================================================================================");

    /** {@code iftop -t -P -B} blocks; each is stamped by its position (2 s apart). */
    public static List<String> iftop(int blocks) {
        List<String> out = new ArrayList<>(blocks * IFTOP_BLOCK.size());
        for (int b = 0; b < blocks; b++) {
            out.addAll(IFTOP_BLOCK);
        }
        return out;
    }

    /** QMP: a MIGRATION_PASS event and a stamped query-migrate return per pass. */
    public static List<String> qmp(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; out.size() < n; i++) {
            long us = T0_US + i * 100_000L;
            String ts = String.format(Locale.ROOT, "{\"seconds\": %d, \"microseconds\": %d}", us / 1_000_000, us % 1_000_000);
            out.add("{\"timestamp\": " + ts + ", \"event\": \"MIGRATION_PASS\", \"data\": {\"pass\": " + (i + 1) + "}}");
            out.add("{\"return\": {\"status\": \"active\", \"setup-time\": 12, \"total-time\": " + (1000 + i * 100)
                    + ", \"expected-downtime\": 300, \"ram\": {\"transferred\": " + (1_000_000L + i * 1_000L)
                    + ", \"remaining\": 500000000, \"total\": 2148532224, \"duplicate\": 1000, \"normal\": 2000,"
                    + " \"normal-bytes\": 8192000, \"dirty-pages-rate\": 1200, \"mbps\": 940.5, \"dirty-sync-count\": "
                    + (i + 1) + ", \"postcopy-requests\": 0, \"page-size\": 4096}}, \"timestamp\": " + ts + "}");
        }
        return out.subList(0, n);
    }

    /** nova-compute.log progress lines in the Stein format. */
    public static List<String> nova(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int s = i % 60;
            out.add(String.format(Locale.ROOT, "2026-11-02 10:%02d:%02d.%03d 2719 INFO nova.virt.libvirt.driver"
                    + " [req-5b1f0a3e-9c2d-4e8f-a1b2-c3d4e5f6a7b8 9a8b7c6d5e4f 1a2b3c4d5e6f - default default]"
                    + " [instance: 8c2f6a51-3b7d-4e9a-b1c2-d3e4f5a6b7c8] Migration running for %d secs, memory 52%%"
                    + " remaining (bytes processed=554508288, remaining=567869440, total=1091379200); disk 0%% remaining"
                    + " (bytes processed=0, remaining=0, total=0).", (i / 60000) % 60, (i / 1000) % 60, i % 1000, s));
        }
        return out;
    }
}
