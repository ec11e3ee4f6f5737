package io.migscope.producers.collect;

import java.util.ArrayList;
import java.util.List;

/**
 * Holds iftop lines until the {@code =====} rule that closes a block, then hands every line of the block on with
 * the rule's receive time, in order. Lines before the first block (interface banner) are stamped with the first
 * rule; lines still held when the source ends are handed on with the last line's stamp, so nothing is lost.
 */
public final class BlockStamper implements LineSink {
    private final LineSink next;
    private final List<String> held = new ArrayList<>();
    private long lastUs;

    public BlockStamper(LineSink next) {
        this.next = next;
    }

    /** iftop closes each block with a rule of 92 '=' (tui.c); any run of 20 or more counts. */
    static boolean isClosingRule(String line) {
        String s = line.strip();
        return s.length() >= 20 && s.chars().allMatch(c -> c == '=');
    }

    @Override
    public void accept(long receivedUs, String line) {
        held.add(line);
        lastUs = receivedUs;
        if (isClosingRule(line)) {
            release(receivedUs);
        }
    }

    @Override
    public void end() {
        release(lastUs);
        next.end();
    }

    private void release(long stampUs) {
        for (String l : held) {
            next.accept(stampUs, l);
        }
        held.clear();
    }
}
