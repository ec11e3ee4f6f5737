package io.migscope.producers.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Gathers the YAML documents {@code kubectl get -o yaml} prints, for a line parser: one object, or a {@code kind: List}
 * of items, starting with an {@code apiVersion:} line at column 0; {@code kubectl get -w -o yaml} separates the
 * objects it prints with {@code ---}. A second {@code apiVersion:} at column 0 starts a new document, so outputs of
 * several kubectl commands can follow each other in one file. Documents are handed on whole, with the line they
 * start on, when the next one starts or at the end of input.
 */
public final class YamlDocuments {

    /** A document as a tree, or the reason it is none, and the line it starts on. */
    public record Document(long firstLine, String text, JsonNode tree, String problem) {
    }

    private final int maxChars;
    private final ObjectMapper mapper;
    private final List<String> lines = new ArrayList<>();
    private long firstLine;
    private int chars;
    private boolean hasApiVersion;

    /** @param maxChars a longer document is handed on as a problem: garbage must not grow without end */
    public YamlDocuments(int maxChars) {
        this.maxChars = maxChars;
        LoaderOptions options = new LoaderOptions();
        // SnakeYAML refuses documents over 3 MB by default; a List of many VMIs is bigger
        options.setCodePointLimit(maxChars + 1);
        this.mapper = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
    }

    public boolean open() {
        return !lines.isEmpty();
    }

    /**
     * Adds one line. Returns the document it ends (a separator, or the start of the next document), or null.
     * Blank lines between documents are dropped.
     */
    public Document add(String line, long lineNo) {
        if (line.equals("---") || line.equals("...")) {
            return flush();
        }
        Document ended = line.startsWith("apiVersion:") && hasApiVersion ? flush() : null;
        if (lines.isEmpty()) {
            if (line.isBlank()) {
                return ended;
            }
            firstLine = lineNo;
        }
        lines.add(line);
        chars += line.length() + 1;
        hasApiVersion |= line.startsWith("apiVersion:");
        return ended;
    }

    /** The document still open, or null when none is. */
    public Document flush() {
        if (lines.isEmpty()) {
            return null;
        }
        String text = String.join("\n", lines);
        boolean tooLong = chars > maxChars;
        lines.clear();
        chars = 0;
        hasApiVersion = false;
        if (tooLong) {
            return new Document(firstLine, text, null, "YAML document longer than " + maxChars + " characters");
        }
        try {
            JsonNode tree = mapper.readTree(text);
            return tree != null && tree.isObject() ? new Document(firstLine, text, tree, null)
                    : new Document(firstLine, text, null, "YAML document that is not a mapping");
        } catch (Exception e) {
            return new Document(firstLine, text, null, "not YAML: " + firstLineOf(e.getMessage()));
        }
    }

    private static String firstLineOf(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
