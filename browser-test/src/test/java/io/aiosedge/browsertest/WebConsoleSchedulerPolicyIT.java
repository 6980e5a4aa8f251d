package io.aiosedge.browsertest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A user changes the scheduler's placement policy in the Felix web console of the standalone gateway (headless
 * Chromium): Configuration page, the scheduler's configuration (rendered from our metatype), a new policy, Save.
 * The running scheduler must use it: the gateway's own Gogo shell (on the process's stdin) answers
 * {@code aios:policy} with the new name.
 */
class WebConsoleSchedulerPolicyIT {

    private static final String PID = "io.aiosedge.scheduler.TaskScheduler";
    private static final Path GATEWAY_JAR = Paths.get(System.getProperty("aios.gateway.jar",
            "../features/gateway/target/aiosedge-gateway.jar"));
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> CHROMEDRIVER = List.of("/usr/bin/chromedriver",
            "/usr/lib/chromium/chromedriver");
    private static final String INSTALL_HINT = "install Chromium and its driver: apt-get install -y chromium"
            + " chromium-driver (.ci/run does this)";

    @TempDir
    Path folder;

    private Process gateway;
    private Path gatewayOutput;
    private WebDriver browser;
    private String consoleUrl;

    @BeforeEach
    void startGatewayAndBrowser() throws Exception {
        String chromium = firstExecutable(CHROMIUM, "Chromium");
        String chromedriver = firstExecutable(CHROMEDRIVER, "chromedriver");
        if (!Files.isRegularFile(GATEWAY_JAR)) {
            throw new AssertionError(GATEWAY_JAR.toAbsolutePath() + " is missing: build the gateway first"
                    + " (mvn -B install -DskipTests)");
        }

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        this.gatewayOutput = this.folder.resolve("gateway.out");
        ProcessBuilder launch = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", GATEWAY_JAR.toAbsolutePath().toString(), "--data",
                this.folder.resolve("data").toString(), "--http-port", Integer.toString(port), "--shell",
                "--telnet-port", "0")
                .redirectOutput(this.gatewayOutput.toFile())
                .redirectError(this.folder.resolve("gateway.err").toFile());
        // The console has no default password: the test sets one through the launcher's environment.
        String password = "browser-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        launch.environment().put("AIOS_CONSOLE_PASSWORD", password);
        this.gateway = launch.start();
        await("the gateway reports every component up", () -> output().contains("aiosedge-gateway: up in"));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(this.folder.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort().build();
        this.browser = new ChromeDriver(service, options);
        this.browser.manage().timeouts().pageLoadTimeout(TIMEOUT);
        this.consoleUrl = "http://admin:" + password + "@localhost:" + port + "/system/console";
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (this.browser != null) {
            this.browser.quit();
        }
        if (this.gateway != null && this.gateway.isAlive()) {
            this.gateway.destroy();
            if (!this.gateway.waitFor(60, TimeUnit.SECONDS)) {
                this.gateway.destroyForcibly();
            }
        }
    }

    @Test
    void changingThePlacementPolicyInTheWebConsoleChangesTheRunningScheduler() throws Exception {
        assertThat(gogo("aios:policy")).as("the standalone gateway's default policy")
                .contains("policy: joint-inference");

        this.browser.get(this.consoleUrl + "/configMgr/" + PID);
        WebDriverWait wait = new WebDriverWait(this.browser, TIMEOUT);
        WebElement policy = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("policy")));
        assertThat(this.browser.getPageSource()).as("the form is rendered from our metatype")
                .contains("Placement policy");
        Select choice = new Select(policy);
        assertThat(choice.getFirstSelectedOption().getAttribute("value")).isEqualTo("joint-inference");
        choice.selectByValue("local-only");

        WebElement save = this.browser.findElements(By.tagName("button")).stream()
                .filter(b -> b.isDisplayed() && "Save".equals(b.getText().trim())).findFirst()
                .orElseThrow(() -> new AssertionError("no Save button on " + this.browser.getPageSource()));
        save.click();
        wait.until(ExpectedConditions.invisibilityOf(policy));

        String answer = awaitGogo("aios:policy", "policy: local-only");
        assertThat(answer).contains("policy: local-only");
    }

    // ---------------------------------------------------------------- Gogo on the gateway's stdin

    /** Sends one command to the gateway's Gogo shell and returns what the shell printed for it. */
    private String gogo(String command) throws IOException, InterruptedException {
        int before = output().length();
        OutputStream stdin = this.gateway.getOutputStream();
        stdin.write((command + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        await("the shell's answer to " + command, () -> output().length() > before
                && output().substring(before).contains("policy:"));
        return output().substring(before);
    }

    /** Repeats a command until its answer contains {@code expected} (the configuration applies asynchronously). */
    private String awaitGogo(String command, String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String answer;
        do {
            answer = gogo(command);
            if (answer.contains(expected)) {
                return answer;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("'" + command + "' never answered '" + expected + "'; last answer: " + answer);
    }

    private String output() {
        try {
            return Files.readString(this.gatewayOutput);
        } catch (IOException e) {
            return "";
        }
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || (this.gateway != null && !this.gateway.isAlive())) {
                throw new AssertionError("gave up waiting for " + what + "; gateway output:\n" + output());
            }
            Thread.sleep(50);
        }
    }

    private static String firstExecutable(List<String> candidates, String what) {
        return candidates.stream().filter(c -> Files.isExecutable(Paths.get(c))).findFirst()
                .orElseThrow(() -> new AssertionError(what + " not found in " + candidates + ": " + INSTALL_HINT));
    }
}
