package io.migscope.producers.parse;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The first step of every JSON-lines format: one JSON object per line, or a rejection that says which it was not. */
public final class JsonLines {
    /** A line with anything after its object ("{} garbage") is not one JSON object. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonLines() {
    }

    /** The line as a JSON object, or null after rejecting it ("not JSON", "not a JSON object"). */
    public static JsonNode object(String line, long lineNo, ParseContext ctx, String expected, ParseOutput out) {
        JsonNode json;
        try {
            json = MAPPER.readTree(line);
        } catch (Exception e) {
            out.reject(ctx.reject(lineNo, "not JSON", expected, line));
            return null;
        }
        if (json == null || !json.isObject()) {
            out.reject(ctx.reject(lineNo, "not a JSON object", expected, line));
            return null;
        }
        return json;
    }
}
