package io.migscope.producers.parse;

/**
 * Reads one input (a file or a live stream) line by line. An instance keeps state for that one input only
 * (ping's pending probes, iftop's current block, virsh's open job-completed record), so make one per input.
 * Every line ends as records, a rejection, or a recognised line that carries nothing ({@link ParseOutput#ignore}).
 */
public interface LineParser {

    /** Parses one line (without its line terminator). Never throws on bad input: it rejects instead. */
    void accept(String line, long lineNo, ParseOutput out);

    /** End of input: flushes open blocks and resolves what is still pending. */
    void finish(ParseOutput out);
}
