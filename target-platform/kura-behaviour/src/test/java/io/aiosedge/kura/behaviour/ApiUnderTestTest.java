package io.aiosedge.kura.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.eclipse.kura.KuraException;
import org.junit.jupiter.api.Test;

/**
 * Guards the suite itself: the profile says which jar the Kura classes must come from (the stand-in by default,
 * Kura's org.eclipse.kura.api with -Preal-kura), so a class path mix-up cannot make both runs test the same jar.
 */
class ApiUnderTestTest {

    @Test
    void kuraClassesComeFromTheJarTheProfileNames() throws URISyntaxException {
        String expected = System.getProperty("aios.kura.api.expected");
        assertThat(expected).as("system property aios.kura.api.expected (set by the pom)").isNotBlank();

        Path location = Paths.get(KuraException.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        assertThat(location.getFileName().toString()).as("where KuraException was loaded from: %s", location)
                .startsWith(expected);
        assertThat(location.toString()).as("KuraException must come from a jar, not a class folder").endsWith(".jar");
    }
}
