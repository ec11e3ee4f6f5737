package io.migscope.producers.source.guest;

import io.migscope.avro.GuestSample;
import io.migscope.producers.parse.LineParser;
import io.migscope.producers.parse.ParseContext;
import io.migscope.producers.parse.ParseOutput;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * guest-stress: the line format any in-guest load generator can write, one GiB written per line:
 * {@code <epoch_us> <ms per GB>}, e.g. {@code 1714557600250000 402.5}. The time is when the GiB was done, in
 * microseconds since the epoch on the guest's clock; the figure is how many milliseconds writing that GiB took.
 * Blank lines and lines starting with {@code #} are comments. The VM is {@code --vm}.
 */
public final class GuestStressParser implements LineParser {

    static final String FORMAT = "guest-stress";
    private static final Pattern LINE = Pattern.compile("^(\\d{1,19})[ \\t]+(\\d{1,9}(?:\\.\\d{1,9})?)$");
    private static final String EXPECTED = "'<epoch_us> <ms per GB>', e.g. '1714557600250000 402.5'";

    private final ParseContext ctx;

    public GuestStressParser(ParseContext ctx) {
        if (ctx.vm() == null || ctx.vm().isBlank()) {
            throw new IllegalArgumentException("guest-stress needs --vm: its lines do not name the VM");
        }
        this.ctx = ctx;
    }

    @Override
    public void accept(String line, long lineNo, ParseOutput out) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            out.ignore(lineNo);
            return;
        }
        Matcher m = LINE.matcher(text);
        if (!m.matches()) {
            out.reject(ctx.reject(lineNo, "not a guest-stress line", EXPECTED, line));
            return;
        }
        long timeUs;
        try {
            timeUs = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            out.reject(ctx.reject(lineNo, "time does not fit in 64 bits", EXPECTED, line));
            return;
        }
        GuestSample sample = GuestSamples.of(ctx, ctx.vm(), timeUs, Double.parseDouble(m.group(2)), FORMAT, null);
        String reason = GuestSamples.check(sample, ctx);
        if (reason != null) {
            out.reject(ctx.reject(lineNo, reason, "plausible values", line));
        } else {
            out.record(sample);
        }
    }

    @Override
    public void finish(ParseOutput out) {
        // every line stands alone
    }
}
