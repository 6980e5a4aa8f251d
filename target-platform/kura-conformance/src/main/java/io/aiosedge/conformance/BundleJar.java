package io.aiosedge.conformance;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Read access to one jar: its manifest headers and its file entries, looked up the way a framework does. */
final class BundleJar implements Closeable {

    private final JarFile jar;
    private final String fileName;
    private final Manifest manifest;
    private final List<String> entryNames;

    private BundleJar(JarFile jar, String fileName) throws IOException {
        this.jar = jar;
        this.fileName = fileName;
        this.manifest = jar.getManifest();
        List<String> names = new ArrayList<>();
        for (JarEntry entry : Collections.list(jar.entries())) {
            if (!entry.isDirectory()) {
                names.add(entry.getName());
            }
        }
        this.entryNames = List.copyOf(names);
    }

    /** Opens a jar; the caller closes it. */
    static BundleJar open(Path path) throws IOException {
        JarFile jar = new JarFile(path.toFile());
        try {
            return new BundleJar(jar, path.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            jar.close();
            throw e;
        }
    }

    String fileName() {
        return fileName;
    }

    /** A main manifest header, or null when absent (or when the jar has no manifest). */
    String header(String name) {
        return manifest == null ? null : manifest.getMainAttributes().getValue(name);
    }

    boolean contains(String entryName) {
        JarEntry entry = jar.getJarEntry(entryName);
        return entry != null && !entry.isDirectory();
    }

    /**
     * Entries matched by a Service-Component path. As in Felix SCR, a {@code *} may appear only in the last
     * path segment and matches within that one folder, not below it.
     */
    List<String> matching(String path) {
        String normalized = path.startsWith("/") ? path.substring(1) : path;
        if (normalized.indexOf('*') < 0) {
            return contains(normalized) ? List.of(normalized) : List.of();
        }
        int slash = normalized.lastIndexOf('/');
        String folder = normalized.substring(0, slash + 1);
        Pattern name = glob(normalized.substring(slash + 1));
        List<String> matches = new ArrayList<>();
        for (String entry : entryNames) {
            if (entry.startsWith(folder) && entry.indexOf('/', folder.length()) < 0
                    && name.matcher(entry.substring(folder.length())).matches()) {
                matches.add(entry);
            }
        }
        Collections.sort(matches);
        return matches;
    }

    /** Entries below {@code folder} (at any depth) whose name ends with {@code suffix}, sorted. */
    List<String> entriesUnder(String folder, String suffix) {
        List<String> matches = new ArrayList<>();
        for (String entry : entryNames) {
            if (entry.startsWith(folder) && entry.endsWith(suffix)) {
                matches.add(entry);
            }
        }
        Collections.sort(matches);
        return matches;
    }

    InputStream read(String entryName) throws IOException {
        JarEntry entry = jar.getJarEntry(entryName);
        if (entry == null) {
            throw new IOException(fileName + " has no entry " + entryName);
        }
        return jar.getInputStream(entry);
    }

    @Override
    public void close() throws IOException {
        jar.close();
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(Arrays.stream(pattern.split("\\*", -1))
                .map(Pattern::quote)
                .collect(Collectors.joining(".*")));
    }
}
