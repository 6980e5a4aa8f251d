package io.aiosedge.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebConsoleCredentialsTest {

    static final Pattern PRINTED = Pattern.compile("web console: user admin, password (\\S+) \\(printed once;");

    @TempDir
    Path data;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(this.printed, true, StandardCharsets.UTF_8);

    @Test
    void firstStartPrintsAPasswordOnceAndKeepsOnlyItsHash() throws Exception {
        WebConsoleCredentials first = WebConsoleCredentials.prepare(this.data, Map.of(), this.out);
        Matcher line = PRINTED.matcher(printed());
        assertThat(line.find()).as(printed()).isTrue();
        String password = line.group(1);
        assertThat(password).hasSize(WebConsoleCredentials.GENERATED_LENGTH).matches("[A-Za-z2-9]+");

        Path file = this.data.resolve(WebConsoleCredentials.FILE);
        String stored = Files.readString(file).trim();
        assertThat(stored).isEqualTo(first.hash()).doesNotContain(password).startsWith("{sha-256}");
        assertThat(WebConsoleCredentials.matches(stored, password)).isTrue();
        assertThat(WebConsoleCredentials.matches(stored, "admin")).isFalse();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(first.frameworkProperties()).containsEntry("felix.webconsole.username", "admin")
                .containsEntry("felix.webconsole.password", stored);

        this.printed.reset();
        WebConsoleCredentials again = WebConsoleCredentials.prepare(this.data, Map.of(), this.out);
        assertThat(again.hash()).isEqualTo(stored);
        assertThat(printed()).as("a restart prints nothing").isEmpty();
        assertThat(again.summary()).contains("as printed at the first start").doesNotContain(password);
    }

    @Test
    void theFelixWebConsoleAcceptsTheHashAndRefusesOtherPasswords() throws Exception {
        String hash = WebConsoleCredentials.hash("s3cret-Pass");
        assertThat(felixMatches(hash, "s3cret-Pass")).as("Felix's own Password check").isTrue();
        assertThat(felixMatches(hash, "admin")).isFalse();
        assertThat(felixMatches(hash, "s3cret-Pas")).isFalse();
        // The other way round: the unsalted default Felix ships is the hash of "admin" for our check too.
        assertThat(WebConsoleCredentials.matches(WebConsoleCredentials.FELIX_DEFAULT_HASH, "admin")).isTrue();
        assertThat(WebConsoleCredentials.hash("x")).as("salted: two hashes of one password differ")
                .isNotEqualTo(WebConsoleCredentials.hash("x"));
    }

    @Test
    void thePasswordFromTheEnvironmentReplacesTheStoredOneWithoutBeingPrinted() throws Exception {
        WebConsoleCredentials.prepare(this.data, Map.of(), this.out);
        this.printed.reset();
        WebConsoleCredentials given = WebConsoleCredentials.prepare(this.data,
                Map.of(WebConsoleCredentials.ENVIRONMENT, "chosen-by-operator"), this.out);
        assertThat(printed()).contains("password from AIOS_CONSOLE_PASSWORD").doesNotContain("chosen-by-operator");
        String stored = Files.readString(this.data.resolve(WebConsoleCredentials.FILE)).trim();
        assertThat(stored).isEqualTo(given.hash());
        assertThat(WebConsoleCredentials.matches(stored, "chosen-by-operator")).isTrue();

        // A hash is taken as it is; the next start without the variable keeps it.
        String hash = WebConsoleCredentials.hash("other");
        WebConsoleCredentials.prepare(this.data, Map.of(WebConsoleCredentials.ENVIRONMENT, hash), this.out);
        assertThat(WebConsoleCredentials.prepare(this.data, Map.of(), this.out).hash()).isEqualTo(hash);

        assertThatThrownBy(() -> WebConsoleCredentials.prepare(this.data,
                Map.of(WebConsoleCredentials.ENVIRONMENT, "{md5}abc"), this.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AIOS_CONSOLE_PASSWORD")
                .hasMessageContaining("{sha-256}");
    }

    @Test
    void aDamagedFileIsNamedWithHowToReset() throws Exception {
        Files.writeString(this.data.resolve(WebConsoleCredentials.FILE), "admin\n");
        assertThatThrownBy(() -> WebConsoleCredentials.prepare(this.data, Map.of(), this.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(WebConsoleCredentials.FILE).hasMessageContaining("delete it");
    }

    @Test
    void generatedPasswordsAreRandomAndLongEnough() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(WebConsoleCredentials.generate(random));
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void theSharedDefaultIsRecognisedInEachForm() {
        assertThat(WebConsoleCredentials.isSharedDefault("admin")).isTrue();
        assertThat(WebConsoleCredentials.isSharedDefault(WebConsoleCredentials.FELIX_DEFAULT_HASH)).isTrue();
        assertThat(WebConsoleCredentials.isSharedDefault(WebConsoleCredentials.hash("admin"))).isTrue();
        assertThat(WebConsoleCredentials.isSharedDefault(WebConsoleCredentials.hash("not-admin"))).isFalse();
        assertThat(WebConsoleCredentials.isSharedDefault("administrator")).isFalse();
    }

    @Test
    void consoleEntriesOfConfigurationFilesNeverCarryTheSharedOrAPlainPassword() throws Exception {
        WebConsoleCredentials credentials = WebConsoleCredentials.prepare(this.data, Map.of(), this.out);
        String pid = WebConsoleCredentials.CONSOLE_PID;
        String ownHash = WebConsoleCredentials.hash("own");
        ConfigurationFile none = ConfigurationFile.parse("{\"" + pid + "\": {\"manager.root\": \"/c\"}}", "a.json",
                this.data);
        ConfigurationFile shared = ConfigurationFile.parse("{\"" + pid + "\": {\"password\": \"admin\"}}", "b.json",
                this.data);
        ConfigurationFile plain = ConfigurationFile.parse("{\"" + pid + "\": {\"password\": \"chosen\"}}", "c.json",
                this.data);
        ConfigurationFile hashed = ConfigurationFile.parse("{\"" + pid + "\": {\"password\": \"" + ownHash + "\"}}",
                "d.json", this.data);
        this.printed.reset();
        credentials.screen(java.util.List.of(none, shared, plain, hashed), this.out);

        assertThat(none.entries().get(pid).properties).as("no password: Felix would write admin's hash")
                .containsEntry("password", credentials.hash()).containsEntry("manager.root", "/c");
        assertThat(shared.entries().get(pid).properties).containsEntry("password", credentials.hash());
        assertThat(printed()).contains("the shared password 'admin' in b.json is not used");
        String chosen = plain.entries().get(pid).properties.get("password").toString();
        assertThat(chosen).startsWith("{sha-256}");
        assertThat(WebConsoleCredentials.matches(chosen, "chosen")).isTrue();
        assertThat(hashed.entries().get(pid).properties).containsEntry("password", ownHash);
    }

    private String printed() {
        return this.printed.toString(StandardCharsets.UTF_8);
    }

    /** Felix web console 5's own check (its package-private Password class, from the jar the gateway embeds). */
    private static boolean felixMatches(String hash, String password) throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Paths.get("target/classes/bundles"))) {
            jar = files.filter(f -> f.getFileName().toString().startsWith("org.apache.felix.webconsole-"))
                    .findFirst().orElseThrow(() -> new AssertionError("the web console jar is not in"
                            + " target/classes/bundles: run the build's process-resources phase"));
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Class<?> type = loader.loadClass("org.apache.felix.webconsole.internal.servlet.Password");
            Constructor<?> constructor = type.getDeclaredConstructor(String.class);
            constructor.setAccessible(true);
            Method matches = type.getDeclaredMethod("matches", byte[].class);
            matches.setAccessible(true);
            return (Boolean) matches.invoke(constructor.newInstance(hash), (Object) password.getBytes());
        }
    }
}
