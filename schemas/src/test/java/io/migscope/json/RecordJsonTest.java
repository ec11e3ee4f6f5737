package io.migscope.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migscope.avro.DeadLetter;
import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationLimits;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.Platform;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    private static MigrationEvent event() {
        return MigrationEvent.newBuilder().setEventId("qmp:1").setEventTimeUs(1_714_557_600_640_000L)
                .setPlatform(Platform.QEMU).setSourceFormat("qmp").setKind(EventKind.STATS).setVm("vm-42")
                .setStats(MigrationStats.newBuilder().setRamTotalBytes(1_091_379_200L)
                        .setMemoryRemainingPercent(52.5).setCpuThrottlePercent(20).build())
                .setLimits(MigrationLimits.newBuilder().setCapabilities(List.of("events", "postcopy-ram")).build())
                .setCompleted(true).build();
    }

    @Test
    void plainJsonWithSchemaNamesEnumsAndNulls() throws Exception {
        JsonNode json = new ObjectMapper().readTree(RecordJson.toJsonLine(event()));
        assertThat(json.get("event_time_us").asLong()).isEqualTo(1_714_557_600_640_000L);
        assertThat(json.get("platform").asText()).isEqualTo("QEMU");
        assertThat(json.get("kind").asText()).isEqualTo("STATS");
        assertThat(json.get("stats").get("ram_total_bytes").asLong()).isEqualTo(1_091_379_200L);
        assertThat(json.get("stats").get("memory_remaining_percent").asDouble()).isEqualTo(52.5);
        assertThat(json.get("limits").get("capabilities").get(1).asText()).isEqualTo("postcopy-ram");
        assertThat(json.has("migration_id")).isTrue();
        assertThat(json.get("migration_id").isNull()).isTrue();
        assertThat(json.get("completed").asBoolean()).isTrue();
        assertThat(json.get("disks").isArray()).isTrue();
    }

    @Test
    void roundTripsAndBytesAreBase64() {
        MigrationEvent event = event();
        assertThat(RecordJson.fromJsonLine(RecordJson.toJsonLine(event), MigrationEvent.class)).isEqualTo(event);
        DeadLetter letter = DeadLetter.newBuilder().setOrigin("ping.txt").setLine(7L).setStage("parse")
                .setReason("bad").setRaw(ByteBuffer.wrap("héllo".getBytes(StandardCharsets.UTF_8)))
                .setTimeUs(1L).build();
        String line = RecordJson.toJsonLine(letter);
        assertThat(line).contains("\"raw\":\"aMOpbGxv\"");
        assertThat(RecordJson.fromJsonLine(line, DeadLetter.class)).isEqualTo(letter);
    }

    @Test
    void missingFieldsTakeDefaultsAndWrongOnesAreNamed() {
        MigrationEvent minimal = RecordJson.fromJsonLine("{\"event_id\":\"x\",\"event_time_us\":1,"
                + "\"platform\":\"NOVA\",\"source_format\":\"nova-log\",\"kind\":\"PROGRESS\",\"vm\":\"v\"}",
                MigrationEvent.class);
        assertThat(minimal.getStats()).isNull();
        assertThat(minimal.getDisks()).isEmpty();
        assertThatThrownBy(() -> RecordJson.fromJsonLine("{\"event_id\":\"x\",\"event_time_us\":\"soon\"}",
                MigrationEvent.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MigrationEvent.event_time_us");
        assertThatThrownBy(() -> RecordJson.fromJsonLine("{\"vm\":\"v\",\"colour\":1}", MigrationEvent.class))
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> RecordJson.fromJsonLine("{\"event_id\":\"x\",\"event_time_us\":1,"
                + "\"platform\":\"NOVA\",\"source_format\":\"nova-log\",\"kind\":\"NOPE\",\"vm\":\"v\"}",
                MigrationEvent.class))
                .hasMessageContaining("kind");
    }
}
