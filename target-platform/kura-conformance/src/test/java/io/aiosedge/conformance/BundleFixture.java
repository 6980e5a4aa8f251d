package io.aiosedge.conformance;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds a jar with given manifest headers and text entries, for checking at test time. */
final class BundleFixture {

    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> entries = new LinkedHashMap<>();

    /** A jar with no manifest headers besides Manifest-Version. */
    static BundleFixture jar() {
        return new BundleFixture();
    }

    /** A jar with the headers every bundle has. */
    static BundleFixture bundle(String symbolicName) {
        return jar().header("Bundle-ManifestVersion", "2")
                .header("Bundle-SymbolicName", symbolicName)
                .header("Bundle-Version", "1.0.0");
    }

    /** Sets a header; null removes it. */
    BundleFixture header(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return this;
    }

    BundleFixture entry(String path, String content) {
        entries.put(path, content);
        return this;
    }

    /** Moves an entry, keeping its content. */
    BundleFixture rename(String from, String to) {
        return entry(to, removeEntry(from));
    }

    /** Replaces text in an entry; fails when the text is not there, so that a test cannot silently test nothing. */
    BundleFixture replace(String path, String target, String replacement) {
        String content = entries.get(path);
        if (content == null || !content.contains(target)) {
            throw new IllegalArgumentException(path + " does not contain " + target);
        }
        entries.put(path, content.replace(target, replacement));
        return this;
    }

    Path writeTo(Path folder, String fileName) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((name, value) -> main.put(new Attributes.Name(name), value));
        Path jar = folder.resolve(fileName);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private String removeEntry(String path) {
        String content = entries.remove(path);
        if (content == null) {
            throw new IllegalArgumentException("no entry " + path);
        }
        return content;
    }
}
