package io.aiosedge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aiosedge.testsupport.FuzzSummary;

/**
 * Configuration values as the gateway reads them from a configuration file ({@code --config}): any text either
 * parses into configurations whose every property value is a type ConfigurationAdmin takes (String, Integer, Long,
 * Float, Double, Boolean, Short, Byte, or an array of one of them), or is refused with an IllegalArgumentException
 * naming the file; never another exception (a deep nesting, a null in an array, an object as a value).
 */
class ConfigurationFileFuzzTest {

    private static final FuzzSummary SUMMARY = new FuzzSummary("gateway: configuration files");
    private static final Set<Class<?>> SCALARS = Set.of(String.class, Integer.class, Long.class, Float.class,
            Double.class, Boolean.class, Short.class, Byte.class);

    @FuzzTest
    void configurationFile(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ConfigurationFile file;
        try {
            file = ConfigurationFile.parse(text, "fuzz.json", Path.of("/data"));
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).startsWith("fuzz.json");
            SUMMARY.count("refused");
            return;
        }
        for (ConfigurationFile.Entry entry : file.entries().values()) {
            assertThat(entry.properties.get("kura.service.pid")).isNotNull();
            entry.properties.forEach((key, value) -> {
                if (value.getClass().isArray()) {
                    assertThat(SCALARS).as(key).contains(value.getClass().getComponentType());
                    for (int i = 0; i < Array.getLength(value); i++) {
                        assertThat(Array.get(value, i)).as(key + "[" + i + "]").isNotNull();
                    }
                } else {
                    assertThat(SCALARS).as(key + " = " + value).contains(value.getClass());
                }
            });
        }
        SUMMARY.count("ok");
    }

    @AfterAll
    static void summary() throws Exception {
        SUMMARY.write();
    }
}
