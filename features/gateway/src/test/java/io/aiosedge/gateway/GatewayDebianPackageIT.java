package io.aiosedge.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package as an operator installs it: {@code dpkg -i}, the service user and its folders made, the unit
 * enabled; then the unit's own ExecStart command line (with /etc/default/aiosedge-gateway's variables) run as the
 * service user, as systemd would (this test does not need systemd: containers and CI have none), the gateway up
 * with its data in /var/lib and its log in /var/log; stopped with SIGTERM; {@code dpkg --purge} and every file,
 * folder and the user gone. Runs only as root with dpkg, setpriv and no aiosedge-gateway package installed
 * already; skipped with the reason otherwise.
 */
class GatewayDebianPackageIT {

    private static final String PACKAGE = "aiosedge-gateway";
    private static final String USER = "aiosedge";
    private static final Path UNIT = Paths.get("/lib/systemd/system/aiosedge-gateway.service");
    private static final Path DEFAULTS = Paths.get("/etc/default/aiosedge-gateway");
    private static final Path DATA = Paths.get("/var/lib/aiosedge-gateway");
    private static final Path LOGS = Paths.get("/var/log/aiosedge-gateway");
    private static final Path JAR = Paths.get("/usr/share/aiosedge-gateway/aiosedge-gateway.jar");
    private static final Path ENABLED = Paths.get("/etc/systemd/system/multi-user.target.wants/aiosedge-gateway.service");
    private static final List<Path> INSTALLED = List.of(JAR, UNIT, DEFAULTS, Paths.get("/etc/aiosedge-gateway/logback.xml"),
            Paths.get("/usr/share/doc/aiosedge-gateway/README.md"), DATA, LOGS, ENABLED);

    @TempDir
    Path folder;

    @Test
    void installsRunsAsTheServiceUserAndPurgesCleanly() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to install a package (dpkg -i)");
        assumeTrue(onPath("dpkg") && onPath("setpriv"), "needs dpkg and setpriv (a Debian-like system)");
        assumeTrue(!installed(), "package " + PACKAGE + " is installed on this machine already: not touched");
        Path deb = debianPackage();

        try {
            Result install = run("dpkg", "-i", deb.toString());
            assertThat(install.status).as("dpkg -i: " + install.output).isZero();
            for (Path path : INSTALLED) {
                assertThat(Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as(path + " installed").isTrue();
            }
            assertThat(Files.readSymbolicLink(ENABLED)).as("enabled: started at boot").isEqualTo(UNIT);
            assertThat(run("id", "-u", USER).status).as("the service user").isZero();
            assertThat(owner(DATA)).isEqualTo(USER);
            assertThat(owner(LOGS)).isEqualTo(USER);
            String unit = Files.readString(UNIT);
            assertThat(unit).contains("User=" + USER).contains("Restart=on-failure").contains("StandardInput=null")
                    .contains("WantedBy=multi-user.target");

            int httpPort = GatewayProcess.freePort();
            int telnetPort = GatewayProcess.freePort();
            Map<String, String> environment = environmentFile(DEFAULTS);
            // The operator's knob for more options; here free ports, so that the test does not meet a gateway of
            // someone else's on 8080/5002.
            environment.put("GATEWAY_OPTS", "--http-port " + httpPort + " --telnet-port " + telnetPort);
            List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + USER, "--regid=" + USER,
                    "--init-groups", "--"));
            command.addAll(execStart(unit, environment));
            Path out = this.folder.resolve("service.out");
            Process service = new ProcessBuilder(command).directory(DATA.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectErrorStream(true).start();
            try {
                awaitUp(service, out);
                try (TelnetClient telnet = new TelnetClient(telnetPort)) {
                    assertThat(telnet.run("aios:policy")).contains("policy: joint-inference");
                }
                assertThat(owner(DATA.resolve("felix-cache"))).as("framework storage under /var/lib").isEqualTo(USER);
                assertThat(DATA.resolve("config")).as("configurations under /var/lib").isDirectory();
                Path log = LOGS.resolve(GatewayLogging.LOG_FILE);
                assertThat(log).as("the log under /var/log").exists();
                assertThat(owner(log)).isEqualTo(USER);
            } finally {
                service.destroy();
                assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
            }
            assertThat(service.exitValue()).as("exit status after SIGTERM (SuccessExitStatus=143)").isIn(0, 143);

            Result purge = run("dpkg", "--purge", PACKAGE);
            assertThat(purge.status).as("dpkg --purge: " + purge.output).isZero();
            for (Path path : INSTALLED) {
                assertThat(Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as(path + " removed").isFalse();
            }
            assertThat(Paths.get("/etc/aiosedge-gateway")).doesNotExist();
            assertThat(Paths.get("/usr/share/aiosedge-gateway")).doesNotExist();
            assertThat(run("id", "-u", USER).status).as("the service user removed").isNotZero();
        } finally {
            if (installed()) {
                run("dpkg", "--purge", PACKAGE);
            }
        }
    }

    /** The unit's ExecStart as systemd splits it, with $VAR and ${VAR} replaced by words of the environment. */
    static List<String> execStart(String unit, Map<String, String> environment) {
        Matcher line = Pattern.compile("(?m)^ExecStart=(.+)$").matcher(unit);
        assertThat(line.find()).as("ExecStart in the unit").isTrue();
        List<String> words = new ArrayList<>();
        for (String word : line.group(1).trim().split("\\s+")) {
            Matcher variable = Pattern.compile("^\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?$").matcher(word);
            if (variable.matches()) {
                String value = environment.getOrDefault(variable.group(1), "").trim();
                if (!value.isEmpty()) {
                    words.addAll(List.of(value.split("\\s+")));
                }
            } else {
                words.add(word);
            }
        }
        return words;
    }

    /** KEY="value" lines of an EnvironmentFile (comments and blank lines skipped). */
    private static Map<String, String> environmentFile(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String text = line.trim();
            int equals = text.indexOf('=');
            if (text.isEmpty() || text.startsWith("#") || equals <= 0) {
                continue;
            }
            String value = text.substring(equals + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(text.substring(0, equals).trim(), value);
        }
        return values;
    }

    private static boolean installed() throws IOException, InterruptedException {
        return run("dpkg-query", "-W", "-f=${Status}", PACKAGE).output.contains("ok installed");
    }

    private static Path debianPackage() throws IOException {
        Path target = GatewayProcess.JAR.toAbsolutePath().getParent();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("aiosedge-gateway_.*_amd64\\.deb"))
                    .findFirst().orElseThrow(() -> new AssertionError("no aiosedge-gateway_*.deb in " + target
                            + ": build it with mvn package"));
        }
    }

    private static void awaitUp(Process service, Path out) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(out) ? Files.readString(out) : "";
            if (text.contains("aiosedge-gateway: up in")) {
                return;
            }
            if (text.contains("started with problems") || !service.isAlive()) {
                throw new AssertionError("the service did not come up: " + text);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service was not up within 120 s: " + Files.readString(out));
    }

    private static String owner(Path path) throws IOException {
        return Files.readAttributes(path, PosixFileAttributes.class).owner().getName();
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
            if (Files.isExecutable(Paths.get(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private record Result(int status, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 120 s: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
