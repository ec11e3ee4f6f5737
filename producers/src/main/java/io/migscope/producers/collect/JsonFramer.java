package io.migscope.producers.collect;

/**
 * Joins a JSON value printed over several lines ({@code kubectl get -w -o json} pretty-prints each object) into one
 * line, handed on with the stamp of its last line. A line that is already a whole value passes through unchanged.
 * Line breaks can only fall between JSON tokens (a string cannot hold a raw newline), so dropping them and the
 * indentation that follows keeps the value intact. A line that closes more than it opened is handed on as is, for
 * the parser to reject. Blank lines between values carry nothing and are skipped.
 */
public final class JsonFramer implements LineSink {
    private final LineSink next;
    private final StringBuilder held = new StringBuilder();
    private int depth;
    private boolean inString;
    private boolean escaped;
    private long lastUs;

    public JsonFramer(LineSink next) {
        this.next = next;
    }

    @Override
    public void accept(long receivedUs, String line) {
        lastUs = receivedUs;
        if (held.length() == 0 && line.isBlank()) {
            return;
        }
        held.append(held.length() == 0 ? line : line.strip());
        scan(line);
        if (depth <= 0) {
            release();
        }
    }

    @Override
    public void end() {
        if (held.length() > 0) {
            release();
        }
        next.end();
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

    private void release() {
        String value = held.toString();
        held.setLength(0);
        depth = 0;
        inString = false;
        escaped = false;
        next.accept(lastUs, value);
    }
}
