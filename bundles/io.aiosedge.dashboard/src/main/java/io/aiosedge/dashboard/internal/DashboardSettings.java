package io.aiosedge.dashboard.internal;

/**
 * The sampler's configuration, checked: a value outside its bounds fails the activation with a message naming the
 * property and the value, so a bad value never reaches the running sampler.
 *
 * @param periodMillis time between two samples, in ms
 * @param historySamples samples kept (the history spans {@code periodMillis × historySamples})
 * @param recentTasks finished tasks shown with their explain tables
 */
record DashboardSettings(int periodMillis, int historySamples, int recentTasks) {

    static final int MIN_PERIOD_MS = 500;
    static final int MAX_PERIOD_MS = 60_000;
    static final int MIN_HISTORY = 10;
    static final int MAX_HISTORY = 10_000;
    static final int MIN_RECENT = 1;
    static final int MAX_RECENT = 50;

    DashboardSettings {
        within("sample.period.ms", periodMillis, MIN_PERIOD_MS, MAX_PERIOD_MS);
        within("history.samples", historySamples, MIN_HISTORY, MAX_HISTORY);
        within("recent.tasks", recentTasks, MIN_RECENT, MAX_RECENT);
    }

    static DashboardSettings from(DashboardSampler.Config config) {
        return new DashboardSettings(config.sample_period_ms(), config.history_samples(), config.recent_tasks());
    }

    /** How far back the history reaches when full, in ms. */
    long historyMillis() {
        return (long) periodMillis * historySamples;
    }

    private static void within(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + " must be within " + min + ".." + max + ": " + value);
        }
    }
}
