package io.aiosedge.dashboard.internal;

/**
 * The page's HTML: empty tiles, chart boxes and tables that {@code res/dashboard.js} fills from the data endpoint.
 * It holds no service data, so nothing in it needs escaping but the console's own path.
 */
final class DashboardPage {

    private static final String TEMPLATE = """
            <link rel="stylesheet" href="{base}/res/dashboard.css">
            <div id="aios-dashboard" data-data-url="{base}/data.json">
              <p id="aios-status" class="aios-status">Loading the dashboard…</p>
              <noscript><p class="aios-status">The dashboard draws its charts with JavaScript; enable it for this page.</p></noscript>
              <div class="aios-tiles">
                <div class="aios-tile"><span class="aios-tile-label">Policy</span><span class="aios-tile-value" id="aios-policy">–</span></div>
                <div class="aios-tile"><span class="aios-tile-label">Submitted</span><span class="aios-tile-value" id="aios-submitted">–</span></div>
                <div class="aios-tile"><span class="aios-tile-label">Completed</span><span class="aios-tile-value" id="aios-completed">–</span></div>
                <div class="aios-tile"><span class="aios-tile-label">Deadlines missed</span><span class="aios-tile-value" id="aios-missed">–</span></div>
                <div class="aios-tile"><span class="aios-tile-label">Escalated share</span><span class="aios-tile-value" id="aios-escalated">–</span></div>
                <div class="aios-tile"><span class="aios-tile-label">Queued</span><span class="aios-tile-value" id="aios-queued">–</span></div>
                <div class="aios-tile"><span class="aios-tile-label">Running</span><span class="aios-tile-value" id="aios-running">–</span></div>
              </div>
              <div class="aios-grid">
                <section class="aios-card"><h3>Placements per node <small>since the dashboard started</small></h3><div class="aios-chart" id="aios-chart-placements"></div></section>
                <section class="aios-card"><h3>Placements per interval</h3><div class="aios-chart" id="aios-chart-placement-rate"></div></section>
                <section class="aios-card"><h3>Completion time (ms) <small>queue + transfer + compute, per interval</small></h3><div class="aios-chart" id="aios-chart-completion"></div></section>
                <section class="aios-card"><h3>Deadline misses per interval <small>and tasks completed</small></h3><div class="aios-chart" id="aios-chart-misses"></div></section>
                <section class="aios-card"><h3>Escalation share (%) <small>joint inference</small></h3><div class="aios-chart" id="aios-chart-escalation"></div></section>
                <section class="aios-card"><h3>Outbox depth (messages)</h3><div class="aios-chart" id="aios-chart-outbox-depth"></div></section>
                <section class="aios-card"><h3>Outbox oldest message (s)</h3><div class="aios-chart" id="aios-chart-outbox-age"></div></section>
                <section class="aios-card"><h3>Link round-trip time (ms)</h3><div class="aios-chart" id="aios-chart-rtt"></div></section>
                <section class="aios-card"><h3>Link bandwidth (kB/s)</h3><div class="aios-chart" id="aios-chart-bandwidth"></div></section>
                <section class="aios-card"><h3>Model call latency (µs) <small>p50 and p95 since loaded</small></h3><div class="aios-chart" id="aios-chart-model-latency"></div></section>
              </div>
              <h3>Models</h3>
              <table class="nicetable aios-table" id="aios-models">
                <thead><tr><th>Model</th><th>Engine</th><th>Version</th><th>Calls</th><th>Errors</th><th>Batches</th><th>p50 µs</th><th>p95 µs</th><th>p99 µs</th></tr></thead>
                <tbody></tbody>
              </table>
              <h3>Cloud links</h3>
              <table class="nicetable aios-table" id="aios-links">
                <thead><tr><th>Endpoint</th><th>Connected</th><th>RTT ms</th><th>Bandwidth kB/s</th><th>Outbox depth</th><th>In flight</th><th>Oldest s</th><th>Fill %</th><th>Refused</th><th>Dropped</th></tr></thead>
                <tbody></tbody>
              </table>
              <h3>Nodes</h3>
              <table class="nicetable aios-table" id="aios-nodes">
                <thead><tr><th>Node</th><th>Kind</th><th>Available</th><th>Load</th><th>Queue</th><th>Placements</th></tr></thead>
                <tbody></tbody>
              </table>
              <h3>Last tasks <small>with the cost table behind each placement (aios:explain)</small></h3>
              <div id="aios-recent"></div>
            </div>
            <script src="{base}/res/dashboard.js"></script>
            """;

    private DashboardPage() {
    }

    /** The page; {@code escapedBase} is the plugin's path, HTML-escaped (e.g. {@code /system/console/aiosedge}). */
    static String html(String escapedBase) {
        return TEMPLATE.replace("{base}", escapedBase);
    }
}
