package io.aiosedge.browsertest;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * What every browser test needs: the standalone gateway jar running in a process of its own (heap 256 MiB, a free
 * HTTP port, a web console password of the test's own given through {@code AIOS_CONSOLE_PASSWORD}, Gogo on its stdin
 * and over telnet on a free port) and headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * driven by Selenium). Fails with an install hint when Chromium is missing and with the build hint when the jar is.
 */
final class GatewayConsole implements AutoCloseable {

    static final Path GATEWAY_JAR = Paths.get(System.getProperty("aios.gateway.jar",
            "../features/gateway/target/aiosedge-gateway.jar"));
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> CHROMEDRIVER = List.of("/usr/bin/chromedriver",
            "/usr/lib/chromium/chromedriver");
    private static final String INSTALL_HINT = "install Chromium and its driver: apt-get install -y chromium"
            + " chromium-driver (.ci/run does this)";

    private final Path folder;
    private final Path output;
    private final int httpPort;
    private final int telnetPort;
    private final String password;
    private Process gateway;
    private WebDriver browser;
    private TelnetGogo telnet;

    private GatewayConsole(Path folder) throws IOException {
        this.folder = folder;
        this.output = folder.resolve("gateway.out");
        this.httpPort = freePort();
        this.telnetPort = freePort();
        this.password = "browser-" + Long.toHexString(new SecureRandom().nextLong());
    }

    /** Starts the gateway (waits until it reports every component up) and the browser. */
    static GatewayConsole start(Path folder) throws Exception {
        String chromium = firstExecutable(CHROMIUM, "Chromium");
        String chromedriver = firstExecutable(CHROMEDRIVER, "chromedriver");
        if (!Files.isRegularFile(GATEWAY_JAR)) {
            throw new AssertionError(GATEWAY_JAR.toAbsolutePath() + " is missing: build the gateway first"
                    + " (mvn -B install -DskipTests)");
        }
        GatewayConsole console = new GatewayConsole(folder);
        try {
            console.startGateway();
            console.startBrowser(chromium, chromedriver);
        } catch (Exception | Error e) {
            console.close();
            throw e;
        }
        return console;
    }

    private void startGateway() throws IOException, InterruptedException {
        ProcessBuilder launch = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", GATEWAY_JAR.toAbsolutePath().toString(), "--data",
                this.folder.resolve("data").toString(), "--http-port", Integer.toString(this.httpPort), "--shell",
                "--telnet-port", Integer.toString(this.telnetPort))
                .redirectOutput(this.output.toFile())
                .redirectError(this.folder.resolve("gateway.err").toFile());
        // The console has no default password: the test sets one through the launcher's environment.
        launch.environment().put("AIOS_CONSOLE_PASSWORD", this.password);
        this.gateway = launch.start();
        await("the gateway reports every component up", () -> output().contains("aiosedge-gateway: up in"));
    }

    private void startBrowser(String chromium, String chromedriver) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1500,1200",
                "--user-data-dir=" + Files.createDirectories(this.folder.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort().build();
        this.browser = new ChromeDriver(service, options);
        this.browser.manage().timeouts().pageLoadTimeout(TIMEOUT);
    }

    WebDriver browser() {
        return this.browser;
    }

    /** The console's root URL with the test's credentials in it (what the browser opens). */
    String consoleUrl() {
        return "http://admin:" + this.password + "@localhost:" + this.httpPort + "/system/console";
    }

    /** The gateway's process id (for jcmd). */
    long pid() {
        return this.gateway.pid();
    }

    /** GET of a console path (e.g. {@code /aiosedge/data.json}) with the test's credentials; the body, status 200. */
    String get(String consolePath) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + this.httpPort + "/system/console" + consolePath))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + this.password)
                        .getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + consolePath + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    // ---------------------------------------------------------------- Gogo

    /**
     * Sends one command to the gateway's Gogo shell on its stdin and returns what the shell printed once that
     * contains {@code expected} (the shell on a pipe has no prompt to wait for).
     */
    String shell(String command, String expected) throws IOException, InterruptedException {
        int before = output().length();
        OutputStream stdin = this.gateway.getOutputStream();
        stdin.write((command + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        await("the shell's answer to " + command, () -> output().length() > before
                && output().substring(before).contains(expected));
        return output().substring(before);
    }

    /** Runs one command over telnet (Gogo's answer up to its next prompt). */
    String gogo(String command) throws IOException {
        if (this.telnet == null) {
            this.telnet = new TelnetGogo(this.telnetPort);
        }
        return this.telnet.run(command);
    }

    // ---------------------------------------------------------------- waiting

    String output() {
        try {
            return Files.readString(this.output);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits for {@code condition}; fails with the gateway's output when it does not hold within the timeout. */
    void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || (this.gateway != null && !this.gateway.isAlive())) {
                throw new AssertionError("gave up waiting for " + what + "; gateway output:\n" + output());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (this.telnet != null) {
            this.telnet.close();
        }
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String firstExecutable(List<String> candidates, String what) {
        return candidates.stream().filter(c -> Files.isExecutable(Paths.get(c))).findFirst()
                .orElseThrow(() -> new AssertionError(what + " not found in " + candidates + ": " + INSTALL_HINT));
    }
}
