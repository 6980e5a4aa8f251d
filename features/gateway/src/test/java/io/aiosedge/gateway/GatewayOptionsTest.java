package io.aiosedge.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

class GatewayOptionsTest {

    @Test
    void defaultsAndEveryOption() {
        GatewayOptions defaults = GatewayOptions.parse(true);
        assertThat(defaults.dataDirectory()).isEqualTo(Paths.get("aiosedge-gateway-data"));
        assertThat(defaults.httpPort()).isEqualTo(8080);
        assertThat(defaults.httpHost()).isEqualTo("localhost");
        assertThat(defaults.shell()).isTrue();
        assertThat(defaults.telnetPort()).isEqualTo(5002);
        assertThat(defaults.logDirectory()).isEqualTo(Paths.get("aiosedge-gateway-data", "log"));
        assertThat(defaults.logConfiguration()).isEqualTo(Paths.get("aiosedge-gateway-data", "logback.xml"));
        GatewayOptions service = GatewayOptions.parse(false, "--data", "/var/lib/g", "--log-dir", "/var/log/g",
                "--log-config", "/etc/g/logback.xml");
        assertThat(service.logDirectory()).isEqualTo(Paths.get("/var/log/g"));
        assertThat(service.logConfiguration()).isEqualTo(Paths.get("/etc/g/logback.xml"));

        GatewayOptions all = GatewayOptions.parse("--data", "/d", "--config", "a.json", "--config", "b.json",
                "--http-port", "9090", "--http-host", "0.0.0.0", "--no-shell", "--clean", "--start-timeout", "5000",
                "--exit-after-start");
        assertThat(all.dataDirectory()).isEqualTo(Paths.get("/d"));
        assertThat(all.configurationFiles()).containsExactly(Paths.get("a.json"), Paths.get("b.json"));
        assertThat(all.httpPort()).isEqualTo(9090);
        assertThat(all.httpHost()).isEqualTo("0.0.0.0");
        assertThat(all.shell()).isFalse();
        assertThat(all.clean()).isTrue();
        assertThat(all.startTimeoutMillis()).isEqualTo(5000);
        assertThat(all.exitAfterStart()).isTrue();
    }

    @Test
    void withoutATerminalThereIsNoShellUnlessAsked() {
        assertThat(GatewayOptions.parse(false).shell()).as("service, nohup, CI: stdin is not a terminal").isFalse();
        assertThat(GatewayOptions.parse(false).interactive()).isFalse();
        assertThat(GatewayOptions.parse(false, "--shell").shell()).isTrue();
        assertThat(GatewayOptions.parse(true, "--no-shell").shell()).isFalse();
        assertThat(GatewayOptions.parse(false, "--telnet-port", "0").telnetPort()).isZero();
        assertThat(GatewayOptions.parse(false, "--telnet-port", "6002").telnetPort()).isEqualTo(6002);
        assertThatThrownBy(() -> GatewayOptions.parse(false, "--telnet-port", "65536"))
                .hasMessage("option --telnet-port has bad value '65536': must be a whole number from 0 to 65535");
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> GatewayOptions.parse("--port", "1")).hasMessage("unknown option '--port'");
        assertThatThrownBy(() -> GatewayOptions.parse("--http-port", "http"))
                .hasMessage("option --http-port has bad value 'http': must be a whole number from 1 to 65535");
        assertThatThrownBy(() -> GatewayOptions.parse("--http-port", "70000")).hasMessageContaining("'70000'");
        assertThatThrownBy(() -> GatewayOptions.parse("--data")).hasMessage("option --data needs a value");
        assertThatThrownBy(() -> GatewayOptions.parse("--config", "--clean"))
                .hasMessage("option --config needs a value");
    }
}
