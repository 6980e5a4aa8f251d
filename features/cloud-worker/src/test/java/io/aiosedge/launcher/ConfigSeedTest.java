package io.aiosedge.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSeedTest {

    @TempDir
    Path dir;

    private final Settings settings = Settings.of(Map.of("threads", "4", "broker.url", "tcp://b:1883"));

    @Test
    void singletonAndFactoryFilesWithTypedSettings() throws Exception {
        Files.writeString(dir.resolve("a.b.Worker.cfg"), "slots:Integer=${threads}\nname=w\nratio:Double=0.5\n"
                + "on:Boolean=TRUE\nbig:Long=${threads*1000}\n");
        Files.writeString(dir.resolve("a.b.Endpoint~one.cfg"), "broker.url=${broker.url}\n"
                + "status.topic=aios/v1/#{tenant}/x\n");
        Files.writeString(dir.resolve("ignored.txt"), "x=1\n");
        List<ConfigSeed> seeds = ConfigSeed.readAll(dir, settings);
        assertThat(seeds).hasSize(2);
        ConfigSeed factory = seeds.get(0);
        assertThat(factory.isFactory()).isTrue();
        assertThat(factory.factoryPid()).isEqualTo("a.b.Endpoint");
        assertThat(factory.name()).isEqualTo("one");
        assertThat(factory.label()).isEqualTo("a.b.Endpoint~one");
        assertThat(factory.properties()).containsEntry("broker.url", "tcp://b:1883")
                .containsEntry("status.topic", "aios/v1/#{tenant}/x");
        ConfigSeed singleton = seeds.get(1);
        assertThat(singleton.pid()).isEqualTo("a.b.Worker");
        assertThat(singleton.properties()).containsEntry("slots", 4).containsEntry("name", "w")
                .containsEntry("ratio", 0.5).containsEntry("on", true).containsEntry("big", 4000L);
    }

    @Test
    void badValuesNameTheFileThePropertyAndTheValue() throws Exception {
        Path bad = Files.writeString(dir.resolve("p.cfg"), "slots:Integer=lots\n");
        assertThatThrownBy(() -> ConfigSeed.read(bad, settings)).hasMessageContaining("p.cfg")
                .hasMessageContaining("slots").hasMessageContaining("'lots'");
        Path type = Files.writeString(dir.resolve("q.cfg"), "slots:Char=x\n");
        assertThatThrownBy(() -> ConfigSeed.read(type, settings)).hasMessageContaining("unknown type 'Char'");
        Path bool = Files.writeString(dir.resolve("r.cfg"), "on:Boolean=yes\n");
        assertThatThrownBy(() -> ConfigSeed.read(bool, settings)).hasMessageContaining("'yes' is not a Boolean");
        Path unknown = Files.writeString(dir.resolve("s.cfg"), "x=${missing}\n");
        assertThatThrownBy(() -> ConfigSeed.read(unknown, settings)).hasMessageContaining("s.cfg")
                .hasMessageContaining("'missing'");
        Path name = Files.writeString(dir.resolve("~x.cfg"), "x=1\n");
        assertThatThrownBy(() -> ConfigSeed.read(name, settings)).hasMessageContaining("<factoryPid>~<name>.cfg");
    }

    @Test
    void anAbsentFolderHasNoConfigurations() throws Exception {
        assertThat(ConfigSeed.readAll(dir.resolve("none"), settings)).isEmpty();
    }
}
