package io.aiosedge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No shared default password on the web console of the jar as users run it: the first start prints a generated
 * password once and keeps only its hash in the data folder; the console refuses {@code admin}/{@code admin} and
 * accepts the printed password; a restart keeps it and prints it no more, even with a configuration file that sets
 * the old shared {@code admin}/{@code admin}.
 */
class WebConsolePasswordIT {

    @TempDir
    Path folder;

    @Test
    void aGeneratedPasswordPrintedOnceReplacesAdminAdmin() throws Exception {
        try (GatewayProcess gateway = new GatewayProcess(this.folder)) {
            gateway.startAndExit();
            String first = gateway.output();
            Matcher printed = WebConsoleCredentialsTest.PRINTED.matcher(first);
            assertThat(printed.find()).as("the first start prints the password: " + first).isTrue();
            String password = printed.group(1);
            String stored = Files.readString(gateway.data().resolve(WebConsoleCredentials.FILE)).trim();
            assertThat(stored).as("only the hash is stored").startsWith("{sha-256}").doesNotContain(password);
            assertThat(WebConsoleCredentials.matches(stored, password)).isTrue();

            // The OsgiManager configuration the built-in defaults used to set, given as a configuration file.
            Path old = Files.writeString(this.folder.resolve("old-console.json"), "{\"" + WebConsoleCredentials.CONSOLE_PID
                    + "\": {\"manager.root\": \"/system/console\", \"username\": \"admin\", \"password\": \"admin\"}}");
            gateway.with("--config", old.toString()).start();
            String restart = gateway.output();
            assertThat(restart).as("a restart does not print the password again").doesNotContain(password)
                    .doesNotContain("printed once");
            assertThat(restart).contains("the shared password 'admin' in " + old + " is not used");

            HttpClient http = HttpClient.newHttpClient();
            String page = "http://localhost:" + gateway.httpPort() + "/system/console/bundles";
            assertThat(status(http, page, null)).as("without credentials").isEqualTo(401);
            assertThat(status(http, page, "admin:admin")).as("the shared admin/admin").isEqualTo(401);
            assertThat(status(http, page, "admin:" + password.substring(1))).as("a wrong password").isEqualTo(401);
            assertThat(status(http, page, "admin:" + password)).as("the printed password").isEqualTo(200);
            assertThat(Files.readString(gateway.data().resolve(WebConsoleCredentials.FILE)).trim())
                    .as("the restart kept the hash").isEqualTo(stored);
        }
    }

    private static int status(HttpClient http, String url, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
