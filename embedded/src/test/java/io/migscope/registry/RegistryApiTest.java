package io.migscope.registry;

import static io.migscope.registry.Http.get;
import static io.migscope.registry.Http.post;
import static io.migscope.registry.Http.put;
import static io.migscope.registry.Http.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migscope.avro.DeadLetter;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.registry.Http.Answer;
import io.migscope.serde.SerdeFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each endpoint of the Confluent REST API subset, its answers and its error codes, over real HTTP. */
@ExtendWith(MigscopeKafkaExtension.class)
class RegistryApiTest {
    private static final String V1 = "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":"
            + "[{\"name\":\"a\",\"type\":\"string\"}]}";
    private static final String V2_WITH_DEFAULT = "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":"
            + "[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":[\"null\",\"long\"],\"default\":null}]}";
    private static final String V3_NO_DEFAULT = "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":"
            + "[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"c\",\"type\":\"long\"}]}";

    private static String subject() {
        return "api-" + UUID.randomUUID() + "-value";
    }

    @Test
    void registersListsAndReadsVersions(KafkaStack stack) {
        String url = stack.registryUrl();
        String s = subject();

        Answer first = post(url + "/subjects/" + s + "/versions", schemaBody(V1));
        Answer again = post(url + "/subjects/" + s + "/versions", schemaBody(V1));
        Answer second = post(url + "/subjects/" + s + "/versions", schemaBody(V2_WITH_DEFAULT));

        assertThat(first.status()).isEqualTo(200);
        int id1 = first.body().get("id").asInt();
        int id2 = second.body().get("id").asInt();
        assertThat(again.body().get("id").asInt()).isEqualTo(id1);
        assertThat(id2).isNotEqualTo(id1);
        assertThat(get(url + "/subjects").body().toString()).contains("\"" + s + "\"");
        assertThat(get(url + "/subjects/" + s + "/versions").body().toString()).isEqualTo("[1,2]");
        Answer v1 = get(url + "/subjects/" + s + "/versions/1");
        assertThat(v1.body().get("subject").asText()).isEqualTo(s);
        assertThat(v1.body().get("version").asInt()).isEqualTo(1);
        assertThat(v1.body().get("id").asInt()).isEqualTo(id1);
        assertThat(new Schema.Parser().parse(v1.body().get("schema").asText())).isEqualTo(new Schema.Parser().parse(V1));
        Answer latest = get(url + "/subjects/" + s + "/versions/latest");
        assertThat(latest.body().get("version").asInt()).isEqualTo(2);
        assertThat(latest.body().get("id").asInt()).isEqualTo(id2);
        Answer byId = get(url + "/schemas/ids/" + id2);
        assertThat(new Schema.Parser().parse(byId.body().get("schema").asText())).isEqualTo(new Schema.Parser().parse(V2_WITH_DEFAULT));
        Answer lookup = post(url + "/subjects/" + s, schemaBody(V2_WITH_DEFAULT));
        assertThat(lookup.body().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void sameSchemaUnderAnotherSubjectKeepsItsId(KafkaStack stack) {
        int a = post(stack.registryUrl() + "/subjects/" + subject() + "/versions", schemaBody(V1)).body().get("id").asInt();
        int b = post(stack.registryUrl() + "/subjects/" + subject() + "/versions", schemaBody(V1)).body().get("id").asInt();
        assertThat(b).isEqualTo(a);
    }

    @Test
    void malformedSchemaIs42201AndIncompatibleIs409(KafkaStack stack) {
        String url = stack.registryUrl();
        String s = subject();
        post(url + "/subjects/" + s + "/versions", schemaBody(V1));

        Answer malformed = post(url + "/subjects/" + s + "/versions", schemaBody("{\"type\":\"record\",\"name\":\"X\"}"));
        Answer incompatible = post(url + "/subjects/" + s + "/versions", schemaBody(V3_NO_DEFAULT));

        assertThat(malformed.status()).isEqualTo(422);
        assertThat(malformed.body().get("error_code").asInt()).isEqualTo(42201);
        assertThat(malformed.body().get("message").asText()).startsWith("Invalid schema");
        assertThat(incompatible.status()).isEqualTo(409);
        assertThat(incompatible.body().get("error_code").asInt()).isEqualTo(409);
        assertThat(incompatible.body().get("message").asText()).contains(s).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(get(url + "/subjects/" + s + "/versions").body().toString()).isEqualTo("[1]");
    }

    @Test
    void notFoundAnswersCarryConfluentCodes(KafkaStack stack) {
        String url = stack.registryUrl();
        String s = subject();
        post(url + "/subjects/" + s + "/versions", schemaBody(V1));

        assertError(get(url + "/subjects/nope-" + UUID.randomUUID() + "/versions"), 404, 40401);
        assertError(get(url + "/subjects/" + s + "/versions/9"), 404, 40402);
        assertError(get(url + "/subjects/" + s + "/versions/zero"), 422, 42202);
        assertError(get(url + "/schemas/ids/999999999"), 404, 40403);
        assertError(post(url + "/subjects/" + s, schemaBody(V3_NO_DEFAULT)), 404, 40403);
    }

    @Test
    void compatibilityEndpointFollowsTheSubjectLevel(KafkaStack stack) {
        String url = stack.registryUrl();
        String s = subject();
        post(url + "/subjects/" + s + "/versions", schemaBody(V1));
        String check = url + "/compatibility/subjects/" + s + "/versions/";

        assertThat(post(check + "latest", schemaBody(V2_WITH_DEFAULT)).body().get("is_compatible").asBoolean()).isTrue();
        assertThat(post(check + "1", schemaBody(V3_NO_DEFAULT)).body().get("is_compatible").asBoolean()).isFalse();
        assertThat(post(check + "latest?verbose=true", schemaBody(V3_NO_DEFAULT)).body().get("messages").toString())
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertError(post(check + "7", schemaBody(V1)), 404, 40402);
        assertError(post(check + "latest", schemaBody("not json schema")), 422, 42201);

        assertThat(put(url + "/config/" + s, "{\"compatibility\":\"NONE\"}").body().get("compatibility").asText()).isEqualTo("NONE");
        assertThat(post(check + "latest", schemaBody(V3_NO_DEFAULT)).body().get("is_compatible").asBoolean()).isTrue();
        assertThat(post(url + "/subjects/" + s + "/versions", schemaBody(V3_NO_DEFAULT)).status()).isEqualTo(200);
    }

    @Test
    void configIsReadAndWrittenGloballyAndPerSubject(KafkaStack stack) {
        String url = stack.registryUrl();
        String s = subject();

        assertThat(get(url + "/config").body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertError(get(url + "/config/" + s), 404, 40408);
        assertThat(get(url + "/config/" + s + "?defaultToGlobal=true").body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(put(url + "/config/" + s, "{\"compatibility\":\"full_transitive\"}").body().get("compatibility").asText())
                .isEqualTo("FULL_TRANSITIVE");
        assertThat(get(url + "/config/" + s).body().get("compatibilityLevel").asText()).isEqualTo("FULL_TRANSITIVE");
        assertError(put(url + "/config", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203);
        assertThat(get(url + "/config").body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void basicAuthIsRequiredWhenConfigured(KafkaStack stack) {
        try (RegistryServer locked = new RegistryServer("_schemas_auth_" + UUID.randomUUID(), "ops", "s3cret")) {
            String url = locked.start(stack.bootstrapServers(), 0);
            String good = "Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8));
            String bad = "Basic " + Base64.getEncoder().encodeToString("ops:guess".getBytes(StandardCharsets.UTF_8));

            assertError(get(url + "/subjects"), 401, 401);
            assertError(Http.send(HttpRequest.newBuilder(URI.create(url + "/subjects")).header("Authorization", bad)), 401, 401);
            assertThat(Http.send(HttpRequest.newBuilder(URI.create(url + "/subjects")).header("Authorization", good)).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aBearerTokenIsCheckedWhenConfigured(KafkaStack stack) {
        try (RegistryServer locked = new RegistryServer("_schemas_token_" + UUID.randomUUID(), null, null, "t0ken")) {
            String url = locked.start(stack.bootstrapServers(), 0);
            Answer none = get(url + "/subjects");
            assertError(none, 401, 401);
            assertThat(Http.send(HttpRequest.newBuilder(URI.create(url + "/subjects")).header("Authorization", "Bearer guess"))
                    .status()).isEqualTo(401);
            assertThat(Http.send(HttpRequest.newBuilder(URI.create(url + "/subjects")).header("Authorization", "Bearer t0ken"))
                    .status()).isEqualTo(200);
        }
    }

    /** migscope's serdes send the credentials of registry.basic.user / registry.basic.password. */
    @Test
    void theSerdeSendsTheConfiguredCredentials(KafkaStack stack) {
        try (RegistryServer locked = new RegistryServer("_schemas_client_" + UUID.randomUUID(), "ops", "s3cret")) {
            String url = locked.start(stack.bootstrapServers(), 0);
            MigscopeConfig anonymous = MigscopeConfig.builder().set("registry.url", url).build();
            MigscopeConfig ops = MigscopeConfig.builder().set("registry.url", url).set("registry.basic.user", "ops")
                    .set("registry.basic.password", "s3cret").build();
            DeadLetter letter = DeadLetter.newBuilder().setOrigin("t").setStage("parse").setReason("r")
                    .setRaw(ByteBuffer.wrap(new byte[] {1})).setTimeUs(1L).build();

            assertThatThrownBy(() -> SerdeFactory.valueSerde(anonymous, url, DeadLetter.class).serializer().serialize("t", letter))
                    .hasMessageContaining("401");
            byte[] bytes = SerdeFactory.valueSerde(ops, url, DeadLetter.class).serializer().serialize("t", letter);
            assertThat(SerdeFactory.valueSerde(ops, url, DeadLetter.class).deserializer().deserialize("t", bytes)).isEqualTo(letter);
        }
    }

    private static void assertError(Answer a, int status, int code) {
        assertThat(a.status()).as(a.body().toString()).isEqualTo(status);
        assertThat(a.body().get("error_code").asInt()).as(a.body().toString()).isEqualTo(code);
        assertThat(a.body().get("message").asText()).isNotBlank();
    }
}
