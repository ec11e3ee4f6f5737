package io.migscope.producers.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks QMP on a QEMU unix socket: greeting, {@code qmp_capabilities}, optionally the {@code events} migration
 * capability (QEMU sends MIGRATION state events only with it), then receives events and, while a migration is
 * active, polls {@code query-migrate} every 100 ms.
 *
 * <p>Every line QEMU sends goes to the {@link LineSink} as received, except {@code query-migrate} replies: they are
 * handed on as {@code {"return": {...}, "timestamp": {"seconds": S, "microseconds": U}}}, stamped at receipt in the
 * same shape as QEMU's event timestamps; so is every other command reply, which keeps its {@code "id"}. A command
 * sent through {@link #execute} (not the polls) goes to the sink too, stamped when sent, so the recording is a
 * two-way trace of it: a {@code migrate} command's URI says where the migration goes.
 */
public final class QmpCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QmpCollector.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IDLE = Set.of("none", "completed", "failed", "cancelled");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final String POLL_PREFIX = "poll-";

    private final Path socket;
    private final LineSink sink;
    private final boolean enableEvents;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();
    private final AtomicBoolean pollInFlight = new AtomicBoolean();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "qmp-poll"));
    private Duration pollInterval = Duration.ofMillis(100);
    private volatile boolean active;
    private volatile boolean finalPoll;
    private volatile boolean closed;
    private SocketChannel channel;
    private Thread reader;

    /** @param enableEvents turn on the {@code events} migration capability after the handshake */
    public QmpCollector(Path socket, LineSink sink, boolean enableEvents) {
        this.socket = socket;
        this.sink = sink;
        this.enableEvents = enableEvents;
    }

    /** How often {@code query-migrate} runs while a migration is active (default 100 ms). Call before start. */
    public QmpCollector pollInterval(Duration interval) {
        this.pollInterval = interval;
        return this;
    }

    /** Connects, negotiates capabilities, takes one {@code query-migrate} to learn the state, and starts polling. */
    public QmpCollector start() throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        reader = daemon(this::readLoop, "qmp-" + socket.getFileName());
        reader.start();
        await(execute("qmp_capabilities", null), "qmp_capabilities");
        if (enableEvents) {
            ObjectNode args = JSON.createObjectNode();
            args.putArray("capabilities").addObject().put("capability", "events").put("state", true);
            await(execute("migrate-set-capabilities", args), "migrate-set-capabilities events=on");
        }
        poll(true);
        long ms = pollInterval.toMillis();
        poller.scheduleAtFixedRate(() -> poll(false), ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Sends a command with a fresh {@code id}; the future completes with QEMU's whole reply (a {@code return} or an
     * {@code error} object). The reply line also goes to the sink.
     */
    public CompletableFuture<JsonNode> execute(String command, JsonNode arguments) {
        return send(command, arguments, "cmd-" + ids.incrementAndGet());
    }

    /** The command as sent, with the time it was sent in QEMU's timestamp shape. */
    private void deliverSent(ObjectNode msg) {
        long sentUs = EpochMicros.now();
        ObjectNode line = msg.deepCopy();
        line.putObject("timestamp").put("seconds", Math.floorDiv(sentUs, 1_000_000L))
                .put("microseconds", Math.floorMod(sentUs, 1_000_000L));
        deliver(sentUs, line.toString());
    }

    /** Whether a migration is in progress, as far as the events and polls so far tell. */
    public boolean migrationActive() {
        return active || finalPoll;
    }

    /** Lines handed to the sink so far. */
    public long lines() {
        return lines.get();
    }

    private CompletableFuture<JsonNode> send(String command, JsonNode arguments, String id) {
        ObjectNode msg = JSON.createObjectNode().put("execute", command);
        if (arguments != null) {
            msg.set("arguments", arguments);
        }
        msg.put("id", id);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        if (!id.startsWith(POLL_PREFIX)) {
            deliverSent(msg);
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(msg) + "\n").getBytes(StandardCharsets.UTF_8));
            synchronized (this) {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        } catch (IOException e) {
            pending.remove(id);
            reply.completeExceptionally(e);
        }
        return reply;
    }

    private void poll(boolean force) {
        if (closed || !(force || active || finalPoll) || !pollInFlight.compareAndSet(false, true)) {
            return;
        }
        send("query-migrate", null, POLL_PREFIX + ids.incrementAndGet())
                .whenComplete((r, e) -> pollInFlight.set(false));
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new ChannelInput(channel),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                onLine(EpochMicros.now(), line);
            }
            LOG.info("qmp {}: QEMU closed the socket", socket);
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("qmp {}: read failed: {}", socket, e.toString());
            }
        } finally {
            pending.values().forEach(f -> f.completeExceptionally(new IOException("QMP connection to " + socket + " closed")));
            SafeSink.end(sink, "qmp " + socket);
        }
    }

    private void onLine(long receivedUs, String line) {
        JsonNode msg;
        try {
            msg = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            LOG.warn("qmp {}: line {} is not JSON, handed on as is: {}", socket, lines.get() + 1, e.getOriginalMessage());
            deliver(receivedUs, line);
            return;
        }
        String id = msg.path("id").asText("");
        if (msg.has("return")) {
            // Every reply is stamped at receipt, ours or a command sent through execute(): a query-migrate answer
            // without a time could not be placed on the timeline.
            deliver(receivedUs, stamped(msg, receivedUs));
            if (msg.get("return").has("status")) {
                track(msg.get("return").path("status").asText("none"), false);
            }
        } else {
            deliver(receivedUs, line);
            if ("MIGRATION".equals(msg.path("event").asText())) {
                track(msg.path("data").path("status").asText("none"), true);
            }
        }
        CompletableFuture<JsonNode> f = id.isEmpty() ? null : pending.remove(id);
        if (f != null) {
            f.complete(msg);
        }
    }

    /** After an idle event (completed, failed...) one more poll fetches the final statistics. */
    private void track(String status, boolean fromEvent) {
        boolean idle = IDLE.contains(status);
        if (fromEvent && idle) {
            finalPoll = true;
        } else if (idle) {
            active = false;
            finalPoll = false;
        } else {
            active = true;
        }
    }

    private static String stamped(JsonNode reply, long receivedUs) {
        ObjectNode line = JSON.createObjectNode();
        line.set("return", reply.get("return"));
        if (reply.has("id")) {
            line.set("id", reply.get("id"));
        }
        // Same shape as QEMU's own event timestamps: whole seconds plus microseconds.
        line.putObject("timestamp").put("seconds", Math.floorDiv(receivedUs, 1_000_000L))
                .put("microseconds", Math.floorMod(receivedUs, 1_000_000L));
        return line.toString();
    }

    /** Synchronized: the reader thread hands on what QEMU said, a caller's thread what it sent. */
    private synchronized void deliver(long receivedUs, String line) {
        SafeSink.deliver(sink, "qmp " + socket, lines.incrementAndGet(), receivedUs, line);
    }

    private void await(CompletableFuture<JsonNode> reply, String what) throws IOException {
        JsonNode r;
        try {
            r = reply.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("qmp " + socket + ": no reply to " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + what, e);
        }
        if (r.has("error")) {
            throw new IOException("qmp " + socket + ": " + what + " failed: " + r.get("error"));
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
        try {
            if (channel != null) {
                channel.close();
            }
            if (reader != null) {
                reader.join(2_000);
            }
        } catch (IOException e) {
            LOG.debug("qmp {}: close: {}", socket, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads the channel directly: a stream from {@code Channels.newInputStream} holds the channel's blocking lock
     * while it waits for QEMU, and that would block every command we send meanwhile.
     */
    private static final class ChannelInput extends InputStream {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return channel.read(ByteBuffer.wrap(b, off, len));
        }
    }
}
