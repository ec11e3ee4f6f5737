package io.migscope.app.chaos;

import io.migscope.app.replay.ReplayRecord;
import io.migscope.app.SignalSender;
import io.migscope.producers.publish.SignalEncoder;
import io.migscope.signals.ProbeBatches;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.producers.collect.ParsingSink;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.Parsers;
import io.migscope.producers.publish.Publisher;
import io.migscope.topics.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Every kind of bad input while the good run flows: garbage and absurd lines in each source format (through the
 * collectors' parsers: rejected lines), wrong magic bytes, an unknown schema id and truncated Avro (raw bytes on the
 * input topics), well-formed records with absurd values (negative RTT, 2^61 bytes, times in 1970 and 2100), records
 * later than the grace period, and a duplicate storm (records of the run published again many times). Every bad
 * record must reach the dead-letter topic with a reason; the duplicates are not bad (at-least-once delivery): they
 * must change nothing. The good records' outputs must equal the clean run's.
 */
public final class Poison implements ChaosScenario {
    /** Times each record of the storm is published again. */
    private static final int STORM_COPIES = 10;
    private static final int STORM_RECORDS = 40;
    /** 2100-01-01T00:00:00Z. */
    private static final long YEAR_2100_US = 4_102_444_800_000_000L;

    @Override
    public String name() {
        return "poison";
    }

    @Override
    public String description() {
        return "garbage lines per format, bad wire bytes, absurd values, late records and a duplicate storm";
    }

    @Override
    public void disturb(ChaosContext ctx) throws Exception {
        ctx.awaitPublished(0.25);
        garbageLines(ctx);
        ctx.awaitPublished(0.4);
        badBytes(ctx);
        absurdValues(ctx);
        ctx.awaitPublished(0.6);
        duplicateStorm(ctx);
        ctx.awaitPublished(1.0);
        lateRecords(ctx);
    }

    /** Lines each parser must reject, fed through the collectors' parsing sink and publisher. */
    static Map<String, List<String>> garbage() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("ping", List.of("[1793613600.123456] 64 bytes from 10.0.0.5: icmp_seq=abc ttl=64 time=0.5 ms",
                "[1793613600.223456] 64 bytes from 10.0.0.5: icmp_seq=2 ttl=64 time=-5.0 ms",
                "[4102444800.000000] 64 bytes from 10.0.0.5: icmp_seq=4 ttl=64 time=0.5 ms"));
        m.put("qmp", List.of("{\"timestamp\": {\"seconds\": 1793613600, \"microseconds\": 0}, \"event\": \"MIGRATION\","
                + " \"data\": {\"status\": 42}}", "{not json at all",
                "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 0}, \"event\": \"STOP\"}"));
        m.put("virsh-event", List.of("2026-11-02 10:00:00.000+0000: event 'lifecycle' for domain 'poison-vm':"
                + " Exploded Spectacularly", "2026-13-45 99:00:00.000+0000: event 'migration-iteration' for domain"
                + " 'poison-vm': iteration: x"));
        m.put("virsh-domjobinfo", List.of("Job type:         Unbounded", "Time elapsed:     banana ms"));
        m.put("kubevirt", List.of("{\"kind\": \"VirtualMachineInstanceMigration\", \"metadata\": {"));
        m.put("nova-log", List.of("2026-11-02 10:00:00.123 12345 INFO nova.virt.libvirt.driver [req-1 - - - - -]"
                + " [instance: 11111111-2222-3333-4444-555555555555] Migration running for 30 secs, memory 150%"
                + " remaining (bytes processed=-1, remaining=x, total=y); disk 0% remaining (bytes processed=0,"
                + " remaining=0, total=0)."));
        m.put("iftop", List.of("   1 10.0.0.1:22                              =>     12Qb     1Kb     1Kb     1KB",
                "     garbage                                  <=     1Kb     1Kb     1Kb     1KB"));
        return m;
    }

    private static void garbageLines(ChaosContext ctx) throws Exception {
        long rejected = 0;
        try (Publisher publisher = new Publisher(ctx.config(), ctx.stack().bootstrapServers(),
                ctx.stack().registryUrl(), ctx.runDir().resolve("poison-spool"))) {
            for (Map.Entry<String, List<String>> e : garbage().entrySet()) {
                ParseContext pc = ParseContext.defaults("poison-" + e.getKey())
                        .withIdentity("poison-vm", null, "poison-node", "source")
                        .withIftop("eth0", ChaosInput.START_US, ParseContext.IFTOP_INTERVAL_US);
                ParsingSink sink = new ParsingSink(pc.origin(), Parsers.create(e.getKey(), pc), publisher);
                long receivedUs = ChaosInput.START_US;
                for (String line : e.getValue()) {
                    sink.accept(receivedUs += 1_000, line);
                }
                sink.end();
                if (sink.rejected() == 0 || sink.records() > 0) {
                    throw new IllegalStateException(e.getKey() + ": garbage gave " + sink.records() + " records and "
                            + sink.rejected() + " rejections; every garbage batch must be rejected");
                }
                rejected += sink.rejected();
                ctx.injected(e.getValue().size());
            }
            if (!publisher.awaitDrained(Duration.ofMinutes(1)) || publisher.counters().dropped() > 0) {
                throw new IllegalStateException("rejected lines not all published: " + publisher.counters());
            }
        }
        ctx.expectDeadLetters(rejected);
        ctx.note(rejected + " garbage lines rejected by the parsers of " + garbage().keySet());
    }

    /** Wrong magic byte, unknown schema id, truncated Avro: the serde cannot read them. */
    private static void badBytes(ChaosContext ctx) throws Exception {
        TopicNames t = ctx.target().topics();
        String vm = ctx.input().vms().get(0);
        byte[] good = record(ctx, firstPing(ctx), firstPing(ctx).getSentTimeUs()).value();
        List<ProducerRecord<byte[], byte[]>> bad = List.of(
                raw(t.signals(), vm, new byte[] {1, 0, 0, 0, 1, 2, 4, 6}),
                raw(t.signals(), vm, new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, 0x10, 2, 4, 6}),
                raw(t.signals(), vm, Arrays.copyOf(good, good.length / 2)),
                raw(t.links(), "node-01->node-02", "iftop said hello".getBytes(StandardCharsets.UTF_8)));
        send(ctx, bad);
        ctx.injected(bad.size());
        ctx.expectDeadLetters(bad.size());
        ctx.note(bad.size() + " unreadable records (magic byte, schema id, truncated Avro, text)");
    }

    /** Well-formed Avro with values no source can produce. */
    private static void absurdValues(ChaosContext ctx) throws Exception {
        PingSample base = firstPing(ctx);
        long now = base.getSentTimeUs();
        PingSample negativeRtt = PingSample.newBuilder(base).setRttUs(-5L).build();
        PingSample future = PingSample.newBuilder(base).setSentTimeUs(YEAR_2100_US).setObservedTimeUs(YEAR_2100_US)
                .build();
        PingSample epoch = PingSample.newBuilder(base).setSentTimeUs(1_000_000L).setObservedTimeUs(1_000_000L).build();
        LinkSample hugeLink = LinkSample.newBuilder().setSourceHost("node-01").setTargetHost("node-02")
                .setIntervalStartUs(now - 2_000_000).setIntervalEndUs(now).setBytesSent(1L << 61)
                .setBytesReceived(0).build();
        MigrationEvent futureEvent = MigrationEvent.newBuilder(firstEvent(ctx)).setEventId("poison-2100")
                .setEventTimeUs(YEAR_2100_US).build();
        List<SpecificRecord> absurd = List.of(negativeRtt, future, epoch, hugeLink, futureEvent);
        // Stamped with a plausible Kafka timestamp, as a collector's producer would: the broker itself refuses
        // record timestamps far in the future (log.message.timestamp.after.max.ms), so only the value is absurd.
        List<ProducerRecord<byte[], byte[]>> records = absurd.stream().map(r -> record(ctx, r, now)).toList();
        send(ctx, records);
        ctx.injected(records.size());
        ctx.expectDeadLetters(records.size());
        ctx.note(records.size() + " records with absurd values (rtt -5 us, 2^61 bytes, 1970, 2100)");
    }

    /** The records just published, each again {@value #STORM_COPIES} times: duplicates, not bad records. */
    private static void duplicateStorm(ChaosContext ctx) throws Exception {
        int end = (int) ctx.published();
        List<ReplayRecord> window = ctx.input().records().subList(Math.max(0, end - STORM_RECORDS), end);
        List<ProducerRecord<byte[], byte[]>> copies = new java.util.ArrayList<>();
        SignalSender sender = new SignalSender(ctx.producer(), ctx.serdes(), ctx.target().topics(), null);
        for (int i = 0; i < STORM_COPIES; i++) {
            SignalEncoder encoder = new SignalEncoder();
            for (ReplayRecord r : window) {
                encoder.add(r.value(), r.timeUs()).forEach(o -> copies.add(sender.record(o)));
            }
            encoder.finish(null, null).forEach(o -> copies.add(sender.record(o)));
        }
        send(ctx, copies);
        ctx.injected(copies.size());
        ctx.note(copies.size() + " duplicates of the last " + window.size() + " records published");
    }

    /** Records older than stream time minus the grace period, once their partitions have moved on. */
    private static void lateRecords(ChaosContext ctx) throws Exception {
        long old = ctx.input().firstTimeUs() - 600_000_000L;
        PingSample ping = PingSample.newBuilder(firstPing(ctx)).setSeq(900_000).setSentTimeUs(old)
                .setObservedTimeUs(old + 300).build();
        MigrationEvent event = MigrationEvent.newBuilder(firstEvent(ctx)).setEventId("poison-late")
                .setEventTimeUs(old).build();
        List<ProducerRecord<byte[], byte[]>> late = List.of(record(ctx, ping, old), record(ctx, event, old));
        send(ctx, late);
        ctx.injected(late.size());
        ctx.expectDeadLetters(late.size());
        ctx.expectLate(late.size());
        ctx.note(late.size() + " records 10 min older than the run's first (grace " + ctx.config()
                .getDuration(io.migscope.config.Keys.GRACE).toSeconds() + " s)");
    }

    private static PingSample firstPing(ChaosContext ctx) {
        return (PingSample) first(ctx, PingSample.class);
    }

    private static MigrationEvent firstEvent(ChaosContext ctx) {
        return (MigrationEvent) first(ctx, MigrationEvent.class);
    }

    private static SpecificRecord first(ChaosContext ctx, Class<?> type) {
        return ctx.input().records().stream().map(ReplayRecord::value).filter(type::isInstance).findFirst()
                .orElseThrow();
    }

    /** One record as a collector would publish it: a probe as a batch of one, an event as a signal, a link sample. */
    private static ProducerRecord<byte[], byte[]> record(ChaosContext ctx, SpecificRecord value, long timeUs) {
        SignalSender sender = new SignalSender(ctx.producer(), ctx.serdes(), ctx.target().topics(), null);
        if (value instanceof PingSample p) {
            return sender.record(new SignalEncoder.Out(false, p.getVm(), timeUs,
                    SignalEncoder.wrap(ProbeBatches.of(List.of(p)))));
        }
        if (value instanceof LinkSample l) {
            return sender.record(new SignalEncoder.Out(true, io.migscope.topics.HostPairs.key(l.getSourceHost(),
                    l.getTargetHost()), timeUs, l));
        }
        MigrationEvent e = (MigrationEvent) value;
        return sender.record(new SignalEncoder.Out(false, e.getVm(), timeUs, SignalEncoder.wrap(e)));
    }

    private static ProducerRecord<byte[], byte[]> raw(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static void send(ChaosContext ctx, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        KafkaProducer<byte[], byte[]> producer = ctx.producer();
        List<Future<?>> sent = records.stream().<Future<?>>map(producer::send).toList();
        producer.flush();
        for (Future<?> f : sent) {
            f.get();
        }
    }
}
