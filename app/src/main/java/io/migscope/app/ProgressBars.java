package io.migscope.app;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The progress bar of long commands (replay, record): records done of total, rate and ETA, ASCII for any terminal. */
public final class ProgressBars {
    private ProgressBars() {
    }

    /** A bar for {@code total} records; when {@code show} is false it counts but draws nothing (tests, pipes). */
    public static ProgressBar create(String task, long total, boolean show) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" rec", 1).showSpeed().setUpdateIntervalMillis(250);
        if (!show) {
            b.setConsumer(new DelegatingProgressBarConsumer(line -> { }));
        }
        return b.build();
    }
}
