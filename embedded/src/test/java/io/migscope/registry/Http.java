package io.migscope.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP calls to the registry, as any Confluent client would make them. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body) {
    }

    private Http() {
    }

    static Answer get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    static Answer post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", RegistryServer.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static Answer put(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", RegistryServer.CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The request body Confluent clients send to register or test a schema. */
    static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }
}
