package io.migscope.producers.parse;

/**
 * Gathers one JSON value printed over several lines (govc and guestperf indent their JSON by default) for a line
 * parser, keeping the lines apart so that a position inside the value still names a line of the file. A line that
 * is a whole value on its own comes back at once. A line that closes more than it opened, or text that is no JSON
 * at all, also comes back at once, for the parser to reject. Line breaks can only fall between JSON tokens (a JSON
 * string cannot hold a raw newline), so joining the lines with {@code \n} keeps the value intact.
 */
public final class JsonBlocks {

    /** A complete (or, from {@link #flush()}, unfinished) value and the line it starts on. */
    public record Block(long firstLine, String text, boolean complete) {
    }

    private final int maxChars;
    private final StringBuilder held = new StringBuilder();
    private long firstLine;
    private int depth;
    private boolean inString;
    private boolean escaped;

    /** @param maxChars a value longer than this is handed on unfinished, so garbage cannot grow without end */
    public JsonBlocks(int maxChars) {
        this.maxChars = maxChars;
    }

    /** True while a value has started and not yet closed. */
    public boolean open() {
        return held.length() > 0;
    }

    /**
     * Adds one line. Returns the value it completes, or null while the value is still open or when the line is
     * blank between values.
     */
    public Block add(String line, long lineNo) {
        if (held.length() == 0) {
            if (line.isBlank()) {
                return null;
            }
            firstLine = lineNo;
        } else {
            held.append('\n');
        }
        held.append(line);
        scan(line);
        if (depth <= 0) {
            return release(true);
        }
        return held.length() > maxChars ? release(false) : null;
    }

    /** End of input: whatever is still open, unfinished; null when nothing is. */
    public Block flush() {
        return held.length() == 0 ? null : release(false);
    }

    private void scan(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }

    private Block release(boolean complete) {
        Block block = new Block(firstLine, held.toString(), complete);
        held.setLength(0);
        depth = 0;
        inString = false;
        escaped = false;
        return block;
    }
}
