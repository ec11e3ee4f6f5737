package io.migscope.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.config.ConfigException;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.registry.RegistryServer;
import java.net.ServerSocket;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The serde built from configuration, a serde class that is missing, and the client's auth and retries. */
@ExtendWith(MigscopeKafkaExtension.class)
class SerdeFactoryTest {
    private static final PingSample PING = PingSample.newBuilder().setVm("vm").setTarget("t").setSeq(1).setSeqRaw(1)
            .setSentTimeUs(1).setObservedTimeUs(2).setStatus(PingStatus.REPLY).build();

    @Test
    void defaultSerdeUsesTheEmbeddedRegistryWhenRegistryUrlIsEmpty(KafkaStack stack) {
        Serde<PingSample> serde = SerdeFactory.valueSerde(MigscopeConfig.defaults(), stack.registryUrl(), PingSample.class);
        assertThat(serde).isInstanceOf(WireAvroSerde.class);
        byte[] bytes = serde.serializer().serialize("factory", PING);
        assertThat(serde.deserializer().deserialize("factory", bytes)).isEqualTo(PING);
    }

    @Test
    void missingSerdeClassFailsFastNamingTheKey(KafkaStack stack) {
        MigscopeConfig config = MigscopeConfig.builder()
                .set("serde.class", "io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde").build();
        assertThatThrownBy(() -> SerdeFactory.valueSerde(config, stack.registryUrl(), PingSample.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'serde.class'")
                .hasMessageContaining("io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde");
    }

    @Test
    void noRegistryAtAllFailsNamingRegistryUrl() {
        assertThatThrownBy(() -> SerdeFactory.valueSerde(MigscopeConfig.defaults(), null, PingSample.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'registry.url'");
    }

    @Test
    void basicAuthFromConfigReachesALockedRegistry(KafkaStack stack) {
        try (RegistryServer locked = new RegistryServer("_schemas_f_" + UUID.randomUUID(), "app", "pw")) {
            String url = locked.start(stack.bootstrapServers(), 0);
            MigscopeConfig config = MigscopeConfig.builder().set("registry.url", url)
                    .set("registry.basic.user", "app").set("registry.basic.password", "pw").build();
            Serde<PingSample> serde = SerdeFactory.valueSerde(config, null, PingSample.class);
            assertThat(serde.deserializer().deserialize("locked", serde.serializer().serialize("locked", PING))).isEqualTo(PING);

            RegistryClient anonymous = new RegistryClient(RegistrySettings.of(url));
            assertThatThrownBy(() -> anonymous.register("locked-value", PING.getSchema()))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(401));
        }
    }

    @Test
    void clientRetriesUntilTheRegistryComesUp(KafkaStack stack) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RegistryClient client = new RegistryClient(RegistrySettings.of("http://127.0.0.1:" + port));
        CompletableFuture<Integer> id = CompletableFuture.supplyAsync(() -> client.register("late-value", PING.getSchema()));
        Thread.sleep(300);
        assertThat(id).isNotDone();
        try (RegistryServer late = new RegistryServer("_schemas_late_" + UUID.randomUUID(), null, null)) {
            late.start(stack.bootstrapServers(), port);
            assertThat(id.get()).isEqualTo(1);
        }
    }
}
