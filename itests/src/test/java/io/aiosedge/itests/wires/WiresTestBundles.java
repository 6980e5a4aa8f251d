package io.aiosedge.itests.wires;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;

/**
 * The bundles the Wires ITs add to the platform (target/wires-bundles, itests/pom.xml execution
 * copy-wires-bundles): our Wire components, the WireAdmin API (a Kura gateway has it; the real-kura profile brings
 * it with Kura's runtime) and Paho, for the tests' own MQTT consumer.
 */
final class WiresTestBundles {

    private static final Path DIR = Paths.get(System.getProperty("aios.wires.bundles.dir", "target/wires-bundles"));

    private WiresTestBundles() {
    }

    static Option options(boolean onRealKuraApi) {
        List<Option> options = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(DIR, "*.jar")) {
            for (Path jar : jars) {
                if (!(onRealKuraApi && jar.getFileName().toString().startsWith("org.osgi.service.wireadmin"))) {
                    options.add(bundle(jar.toUri().toString()).start());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DIR.toAbsolutePath() + " (run the itests through Maven)",
                    e);
        }
        return composite(options.toArray(new Option[0]));
    }
}
