package io.aiosedge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as a service runs it: stdin from /dev/null (systemd, nohup, CI), no option about the shell. It must
 * not start the Gogo console (which read end of input, printed {@code gosh: stopping framework} and stopped the
 * framework while packages were installing), must stay up, and must answer Gogo commands over telnet on
 * 127.0.0.1. Its log goes to the rotating file, not to stdout, through one slf4j provider without warnings.
 */
class GatewayServiceModeIT {

    @TempDir
    Path folder;

    @Test
    void withoutATerminalItStaysUpAndAnswersGogoOverTelnet() throws Exception {
        try (GatewayProcess gateway = new GatewayProcess(this.folder)) {
            long up = gateway.start();
            long telnetStarted = System.nanoTime();
            try (TelnetClient telnet = new TelnetClient(gateway.telnetPort())) {
                assertThat(telnet.banner()).contains("Gogo shell");
                assertThat(telnet.run("lb")).as("lb over telnet").contains("Local scheduler").contains("Active");
                assertThat(telnet.run("aios:policy")).as("aios:policy over telnet")
                        .contains("policy: joint-inference");
                assertThat(telnet.run("aios:policy bogus")).as("an unknown policy is refused, not stored")
                        .contains("no placement policy 'bogus'").contains("min-completion");
                assertThat(telnet.run("aios:policy")).contains("policy: joint-inference");
                assertThat(telnet.run("aios:drivers")).contains("sim-1").contains("CONNECTED");
                assertThat(telnet.run("aios:read sim-1 vibration:DOUBLE")).as("a timestamp people can read")
                        .containsPattern("vibration +SUCCESS .* \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\(");
                // The collaboration package is on the gateway: the node directory is configured, a worker is not.
                assertThat(telnet.run("aios:cloudnodes")).doesNotContain("no node directory running")
                        .doesNotContain("not found");
                assertThat(telnet.run("aios:worker")).contains("no cloud worker running: configure");
                assertThat(telnet.run("aios:infer anomaly-edge a b c"))
                        .contains("value 1 'a' is not a number").doesNotContain("NumberFormatException");
            }
            long answeredMillis = (System.nanoTime() - telnetStarted) / 1_000_000;

            // A shell on /dev/null stopped the framework within moments; give it time to do so.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                assertThat(gateway.isAlive()).as("running without a terminal").isTrue();
                Thread.sleep(250);
            }
            try (TelnetClient again = new TelnetClient(gateway.telnetPort())) {
                assertThat(again.run("aios:tasks")).doesNotContain("not running");
            }

            Path log = gateway.data().resolve("log").resolve(GatewayLogging.LOG_FILE);
            assertThat(log).as("the log file").exists();
            assertThat(Files.readString(log)).as("our bundles log to it").contains("io.aiosedge.");
            String printed = gateway.allOutput();
            assertThat(printed).as("what the gateway printed")
                    .doesNotContain("gosh: stopping framework")
                    .doesNotContain("Invalid BundleContext")
                    .doesNotContain(" refused: ")
                    .doesNotContain("No SLF4J providers were found")
                    .doesNotContain("SLF4J")
                    .doesNotContain("Failed to auto configure")
                    .contains("Gogo over telnet: telnet 127.0.0.1 " + gateway.telnetPort());
            assertThat(printed).as("no log line on stdout without a terminal")
                    .doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARN|ERROR) ");
            System.out.printf("service mode: up in %d ms from JVM start (fresh storage), eight telnet commands answered"
                    + " in %d ms%n", up, answeredMillis);
        }
    }
}
