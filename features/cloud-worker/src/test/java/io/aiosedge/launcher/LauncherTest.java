package io.aiosedge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

class LauncherTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(output, true, StandardCharsets.UTF_8);
    private Launcher launcher;

    @AfterEach
    void stop() {
        if (launcher != null) {
            launcher.stop();
        }
    }

    private void distribution(String settings, Map<String, String> configs) throws Exception {
        Files.createDirectories(home.resolve("bundles"));
        Files.createDirectories(home.resolve("conf/configs"));
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(System.getProperty("aios.test.bundles",
                "target/test-bundles")), "*.jar")) {
            for (Path jar : jars) {
                Files.copy(jar, home.resolve("bundles").resolve(jar.getFileName()));
            }
        }
        Files.writeString(home.resolve("conf/settings.properties"), settings);
        for (Map.Entry<String, String> c : configs.entrySet()) {
            Files.writeString(home.resolve("conf/configs").resolve(c.getKey()), c.getValue());
        }
    }

    private String out() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void startsTheBundlesAndGivesConfigurationAdminTheResolvedConfigurations() throws Exception {
        distribution("threads=3\ntenant=t\n", Map.of("x.Worker.cfg", "slots:Integer=${threads*2}\ntenant=${tenant}\n",
                "x.Endpoint~w.cfg", "kura.service.pid=ep\n"));
        Settings settings = Settings.load(Launcher.builtins(home), List.of(home.resolve("conf/settings.properties")),
                Map.of("AIOS_TENANT", "acme"), List.of());
        launcher = new Launcher(settings, log);
        launcher.start(ConfigSeed.readAll(home.resolve("conf/configs"), settings));
        BundleContext context = launcher.framework().getBundleContext();
        assertThat(context.getBundles()).extracting(Bundle::getState).containsOnly(Bundle.ACTIVE);

        ServiceReference<?> ref = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null)[0];
        Object admin = context.getService(ref);
        Class<?> type = ref.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Method list = type.getMethod("listConfigurations", String.class);
        Object[] worker = (Object[]) list.invoke(admin, "(service.pid=x.Worker)");
        Object[] endpoint = (Object[]) list.invoke(admin, "(service.factoryPid=x.Endpoint)");
        Class<?> configuration = ref.getBundle().loadClass("org.osgi.service.cm.Configuration");
        Dictionary<?, ?> w = (Dictionary<?, ?>) configuration.getMethod("getProperties").invoke(worker[0]);
        Dictionary<?, ?> e = (Dictionary<?, ?>) configuration.getMethod("getProperties").invoke(endpoint[0]);
        assertThat(w.get("slots")).isEqualTo(6);
        assertThat(w.get("tenant")).isEqualTo("acme");
        assertThat(e.get("kura.service.pid")).isEqualTo("ep");
        assertThat(out()).contains("started 1 bundles");

        launcher.stop();
        assertThat(launcher.framework().getState()).isEqualTo(Bundle.RESOLVED);
    }

    @Test
    void theReadyFileExistsWhileAServiceMatches() throws Exception {
        distribution("ready.filter=(objectClass=org.osgi.service.cm.ConfigurationAdmin)\n", Map.of());
        Settings settings = Settings.load(Launcher.builtins(home), List.of(home.resolve("conf/settings.properties")),
                Map.of(), List.of());
        launcher = new Launcher(settings, log);
        launcher.start(List.of());
        Path ready = home.resolve("data/ready");
        assertThat(ready).exists();
        Bundle configAdmin = launcher.framework().getBundleContext().getBundles()[1];
        configAdmin.stop();
        assertThat(ready).doesNotExist();
        configAdmin.start();
        assertThat(ready).exists();
        launcher.stop();
        assertThat(ready).doesNotExist();
    }

    @Test
    void printConfigShowsResolvedSettingsAndConfigurationsWithoutStarting() throws Exception {
        distribution("password=s3cret\nthreads=2\n", Map.of("x.Worker.cfg", "slots:Integer=${threads}\n"
                + "password=${password}\n"));
        int status = Launcher.run(new String[] {"--home", home.toString(), "--print-config", "threads=5"},
                Map.of(), log);
        assertThat(status).isZero();
        assertThat(out()).contains("threads = 5", "password = ***", "# configuration x.Worker", "slots = 5 (Integer)")
                .doesNotContain("s3cret");
        assertThat(home.resolve("data")).doesNotExist();
    }

    @Test
    void badArgumentsAndSettingsEndWithAStatusAndAMessage() throws Exception {
        distribution("", Map.of("x.Worker.cfg", "slots:Integer=${threads}\n"));
        assertThat(Launcher.run(new String[] {"--bogus"}, Map.of(), log)).isEqualTo(2);
        assertThat(out()).contains("usage:");
        assertThat(Launcher.run(new String[] {"--home", home.toString(), "--print-config"}, Map.of(), log))
                .isEqualTo(1);
        assertThat(out()).contains("x.Worker.cfg: property slots: unknown setting 'threads'");
    }
}
