package io.aiosedge.browsertest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console's "AIOS Edge" page on the standalone gateway, in headless Chromium: the gateway's default job runs
 * tasks on the simulated driver; once the charts have data, what the page rendered must agree with the data endpoint
 * and with Gogo ({@code aios:tasks}), the models shown must be the engine's, and every listed task must come with
 * its explain table. A screenshot is kept at {@code target/screenshots/dashboard.png}. Then the bundle is stopped
 * and started (hot deploy): no sampling thread survives the stop, and the page works again after the start.
 */
class DashboardIT {

    private static final Path SCREENSHOT = Paths.get("target", "screenshots", "dashboard.png");
    private static final String THREAD = "aios-dashboard-sampler";
    /**
     * Tasks the default job may complete between two readings a few seconds apart (one window of 64 samples at
     * 100 ms: about one task every 6.4 s; the bound leaves room for a slow machine catching up).
     */
    private static final long TASKS_BETWEEN_READINGS = 20;

    @TempDir
    Path folder;

    private GatewayConsole console;

    @BeforeEach
    void startGatewayAndBrowser() throws Exception {
        this.console = GatewayConsole.start(this.folder);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (this.console != null) {
            this.console.close();
        }
    }

    @Test
    void thePageShowsTheGatewaysFiguresAsTheServicesReportThemAndSurvivesABundleRestart() throws Exception {
        WebDriver browser = this.console.browser();
        browser.get(this.console.consoleUrl() + "/aiosedge");
        assertThat(browser.getTitle()).contains("AIOS Edge");
        WebDriverWait wait = new WebDriverWait(browser, GatewayConsole.TIMEOUT);
        wait.withMessage(() -> "the page did not fill; " + state(browser));
        wait.until(b -> points(b, "aios-chart-completion") >= 4 && points(b, "aios-chart-model-latency") >= 4
                && !b.findElements(By.cssSelector("#aios-chart-placements .aios-bar")).isEmpty()
                && b.findElements(By.cssSelector("#aios-recent .aios-task")).size() >= 3);

        // One rendering, read at once: the script stamps the data's time on the page.
        long renderedAt = Long.parseLong(browser.findElement(By.id("aios-dashboard")).getDomAttribute("data-updated"));
        long completedShown = number(browser.findElement(By.id("aios-completed")).getText());
        Map<String, Long> barsShown = bars(browser);
        List<String> modelsShown = firstColumn(browser, "aios-models");
        List<WebElement> tasksShown = browser.findElements(By.cssSelector("#aios-recent .aios-task"));
        String policyShown = browser.findElement(By.id("aios-policy")).getText();

        Map<String, Object> data = json(this.console.get("/aiosedge/data.json"));
        String tasks = this.console.gogo("aios:tasks");

        // The completed count on the page against the data endpoint and Gogo, both read after the rendering.
        Map<String, Object> scheduler = map(data.get("scheduler"));
        long completedNow = ((Number) scheduler.get("completed")).longValue();
        assertThat(((Number) data.get("nowMillis")).longValue()).isGreaterThanOrEqualTo(renderedAt);
        assertThat(completedShown).as("completed tasks shown").isPositive();
        assertThat(completedNow).as("data.json's completed count, read after the page's")
                .isBetween(completedShown, completedShown + TASKS_BETWEEN_READINGS);
        Matcher gogo = Pattern.compile("completed (\\d+),").matcher(tasks);
        assertThat(gogo.find()).as("aios:tasks answers the counters: " + tasks).isTrue();
        assertThat(Long.parseLong(gogo.group(1))).as("aios:tasks' completed count, read after the page's")
                .isBetween(completedShown, completedShown + TASKS_BETWEEN_READINGS);
        assertThat(policyShown).isEqualTo(scheduler.get("policy")).isEqualTo("joint-inference");

        // Placements: every bar is a node the data names; together they are the tasks the dashboard counted, which
        // are the scheduler's completed tasks but those done before the dashboard started (at most a few).
        Map<String, Object> placements = map(data.get("placements"));
        assertThat(barsShown).containsKey("gateway");
        barsShown.forEach((node, count) -> assertThat(((Number) placements.get(node)).longValue())
                .as("data.json's placements on " + node + ", read after the page's")
                .isBetween(count, count + TASKS_BETWEEN_READINGS));
        long placedShown = barsShown.values().stream().mapToLong(Long::longValue).sum();
        assertThat(placedShown).as("placements shown vs completed shown").isBetween(completedShown - 3,
                completedShown + 1);

        // Models: the engine's, by name, in the table.
        List<String> modelsInData = list(data.get("models")).stream().map(m -> (String) map(m).get("key"))
                .sorted().collect(Collectors.toList());
        assertThat(modelsShown).containsExactlyInAnyOrderElementsOf(modelsInData)
                .contains("anomaly-edge", "anomaly-cloud");

        // Last tasks: each with its id and its explain table, one row per candidate node, the chosen node marked.
        assertThat(tasksShown).hasSizeBetween(3, 8);
        for (WebElement task : tasksShown) {
            String id = task.findElement(By.className("aios-task-id")).getText();
            assertThat(id).as("task id").isNotBlank();
            List<WebElement> rows = task.findElements(By.cssSelector("table.aios-explain tbody tr"));
            assertThat(rows).as("explain rows of " + id).isNotEmpty();
            List<WebElement> chosen = task.findElements(By.cssSelector("table.aios-explain tr.aios-chosen"));
            assertThat(chosen).as("chosen node of " + id).hasSize(1);
            assertThat(chosen.get(0).findElement(By.tagName("td")).getText()).startsWith("gateway");
        }

        // Charts: the outbox fills while no broker runs; the link has not been measured.
        assertThat(series(browser, "aios-chart-outbox-depth")).as("outbox series").isEqualTo(1);
        assertThat(browser.findElement(By.id("aios-chart-rtt")).getText()).contains("no link measured");

        saveScreenshot(browser);

        // Hot deploy: stopping the bundle ends its sampling thread; starting it brings the page back.
        assertThat(threads()).contains(THREAD);
        String id = bundleId();

        assertThat(this.console.gogo("stop " + id)).doesNotContain("rror");
        this.console.await("no thread " + THREAD + " after stop", () -> !threads().contains(THREAD));

        assertThat(this.console.gogo("start " + id)).doesNotContain("rror");
        this.console.await("the sampler's thread after start", () -> threads().contains(THREAD));
        browser.get(this.console.consoleUrl() + "/aiosedge");
        new WebDriverWait(browser, GatewayConsole.TIMEOUT).until(b -> points(b, "aios-chart-model-latency") >= 2);
        assertThat(browser.findElement(By.id("aios-status")).getText()).startsWith("Sampling every 2 s");
    }

    // ---------------------------------------------------------------- reading the page

    /** What the page shows now, for a failure message (and a screenshot of it). */
    private String state(WebDriver browser) {
        try {
            saveScreenshot(browser);
        } catch (IOException | RuntimeException e) {
            // the message matters more
        }
        return "status '" + browser.findElement(By.id("aios-status")).getText() + "', completion points "
                + points(browser, "aios-chart-completion") + ", model latency points "
                + points(browser, "aios-chart-model-latency") + ", bars "
                + browser.findElements(By.cssSelector("#aios-chart-placements .aios-bar")).size() + ", tasks "
                + browser.findElements(By.cssSelector("#aios-recent .aios-task")).size() + "; gateway output:\n"
                + this.console.output();
    }

    private static long points(WebDriver browser, String chart) {
        String value = browser.findElement(By.id(chart)).getDomAttribute("data-points");
        return value == null ? 0 : Long.parseLong(value);
    }

    private static long series(WebDriver browser, String chart) {
        String value = browser.findElement(By.id(chart)).getDomAttribute("data-series");
        return value == null ? 0 : Long.parseLong(value);
    }

    /** The placements bar chart as node → count. */
    private static Map<String, Long> bars(WebDriver browser) {
        Map<String, Long> bars = new TreeMap<>();
        for (WebElement bar : browser.findElements(By.cssSelector("#aios-chart-placements .aios-bar"))) {
            bars.put(bar.getDomAttribute("data-node"), Long.parseLong(bar.getDomAttribute("data-value")));
            assertThat(number(bar.findElement(By.className("aios-bar-value")).getText()))
                    .as("the bar's printed value").isEqualTo(Long.parseLong(bar.getDomAttribute("data-value")));
        }
        return bars;
    }

    private static List<String> firstColumn(WebDriver browser, String table) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr td:first-child")).stream()
                .map(WebElement::getText).collect(Collectors.toList());
    }

    /** A number as the page prints it ("1,234"). */
    private static long number(String text) {
        return Long.parseLong(text.replace(",", "").trim());
    }

    /** The whole page: the window grows until the viewport holds it (its frame takes a few pixels). */
    private static void saveScreenshot(WebDriver browser) throws IOException {
        JavascriptExecutor script = (JavascriptExecutor) browser;
        for (int attempt = 0; attempt < 3; attempt++) {
            long page = ((Number) script.executeScript("return document.documentElement.scrollHeight;")).longValue();
            long viewport = ((Number) script.executeScript("return window.innerHeight;")).longValue();
            if (viewport >= page) {
                break;
            }
            Dimension window = browser.manage().window().getSize();
            browser.manage().window().setSize(new Dimension(window.getWidth(),
                    (int) Math.min(8000, window.getHeight() + page - viewport)));
        }
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }

    // ---------------------------------------------------------------- the gateway

    /** The dashboard bundle's id, from {@code lb}. */
    private String bundleId() throws IOException {
        String listing = this.console.gogo("lb -s io.aiosedge.dashboard");
        Matcher id = Pattern.compile("(?m)^\\s*(\\d+)\\|Active.*io\\.aiosedge\\.dashboard").matcher(listing);
        assertThat(id.find()).as("the dashboard bundle in: " + listing).isTrue();
        return id.group(1);
    }

    /** Names of the gateway's threads (jcmd Thread.print). */
    private String threads() {
        try {
            Process jcmd = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(this.console.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return Pattern.compile("(?m)^\"([^\"]+)\"").matcher(dump).results().map(m -> m.group(1))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new AssertionError("jcmd failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- JSON

    private static Map<String, Object> json(String text) {
        return map(new Json().toType(text, Json.MAP_TYPE));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
