package io.aiosedge.conformance;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds a jar with given manifest headers and text entries, for checking at test time. */
final class BundleFixture {

    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> entries = new LinkedHashMap<>();
    private final Map<String, byte[]> classes = new LinkedHashMap<>();

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

    /**
     * Adds a minimal class file (constant pool, super class, interfaces; no members) for {@code className}
     * (binary name with dots).
     */
    BundleFixture classEntry(String className, String superClass, String... interfaces) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(61);
            List<String> names = new ArrayList<>(List.of(className, superClass));
            names.addAll(List.of(interfaces));
            out.writeShort(1 + 2 * names.size() + 2); // Utf8 + Class per name, plus one Long (two entries)
            for (String name : names) {
                out.writeByte(1);
                out.writeUTF(name.replace('.', '/'));
                out.writeByte(7);
                out.writeShort(0); // patched below: index of the Utf8 just written
            }
            out.writeByte(5); // a Long constant, which takes two constant pool entries
            out.writeLong(42);
            out.writeShort(0x21); // public super
            out.writeShort(2); // this_class
            out.writeShort(4); // super_class
            out.writeShort(interfaces.length);
            for (int i = 0; i < interfaces.length; i++) {
                out.writeShort(6 + 2 * i);
            }
            out.writeShort(0); // fields
            out.writeShort(0); // methods
            out.writeShort(0); // attributes
            byte[] data = bytes.toByteArray();
            // Patch each Class entry's name index (entry 2k+2 names the Utf8 at 2k+1).
            int offset = 10;
            for (int i = 0; i < names.size(); i++) {
                int length = ((data[offset + 1] & 0xff) << 8) | (data[offset + 2] & 0xff);
                offset += 3 + length; // Utf8 tag, length, bytes
                data[offset + 1] = 0;
                data[offset + 2] = (byte) (1 + 2 * i);
                offset += 3; // Class tag, index
            }
            classes.put(className.replace('.', '/') + ".class", data);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
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
