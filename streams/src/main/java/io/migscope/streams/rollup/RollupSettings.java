package io.migscope.streams.rollup;

import io.migscope.config.ConfigException;
import io.migscope.config.Durations;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Rollup windows and lateness.
 *
 * @param windows tumbling window sizes, each with the label it was configured as ("1m", "1h")
 * @param grace   a summary this late (in event time) still updates its window, and the update is re-emitted
 */
public record RollupSettings(List<Window> windows, Duration grace) {

    /** One tumbling window size and its label. */
    public record Window(String label, Duration size) {
    }

    public static RollupSettings from(MigscopeConfig config) {
        return new RollupSettings(parseWindows(config.get(Keys.ROLLUP_WINDOWS)), config.getDuration(Keys.GRACE));
    }

    public static RollupSettings defaults() {
        return from(MigscopeConfig.defaults());
    }

    static List<Window> parseWindows(String text) {
        List<Window> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String label = part.trim();
            if (label.isEmpty()) {
                continue;
            }
            try {
                Duration size = Durations.parse(label);
                if (size.isZero() || size.isNegative()) {
                    throw new IllegalArgumentException("a window must be longer than zero");
                }
                out.add(new Window(label, size));
            } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                throw new ConfigException(Keys.ROLLUP_WINDOWS.name(),
                        "'" + label + "' in '" + text + "': " + e.getMessage() + "; expected sizes such as 1m,1h");
            }
        }
        if (out.isEmpty()) {
            throw new ConfigException(Keys.ROLLUP_WINDOWS.name(), "no window in '" + text + "'; expected e.g. 1m,1h");
        }
        return List.copyOf(out);
    }
}
