package io.aiosedge.inference.tensorflow.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Model packages on disk: SHA-256 of a zip file or a directory, safe unpacking, finding the SavedModel inside.
 *
 * <p>The digest of a <b>file</b> is the SHA-256 of its bytes ({@code sha256sum model.zip}). The digest of a
 * <b>directory</b> is the SHA-256 over its regular files in order of their relative path ('/'-separated,
 * compared as strings), each contributing its path in UTF-8, a zero byte, its length as 8 bytes big-endian
 * and its content: so the same tree gives the same digest wherever it lies.
 */
final class ModelArchive {

    /** Largest unpacked package: 1 GiB. */
    static final long MAX_UNPACKED_BYTES = 1L << 30;
    private static final String SAVED_MODEL = "saved_model.pb";

    private ModelArchive() {
    }

    /** @return the lower-case hex SHA-256 of a file or directory (see the class comment) */
    static String sha256(Path source) throws IOException {
        MessageDigest digest = newDigest();
        if (Files.isDirectory(source)) {
            for (Path file : regularFiles(source)) {
                String relative = relative(source, file);
                digest.update(relative.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                long size = Files.size(file);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    digest.update((byte) (size >>> shift));
                }
                update(digest, file);
            }
        } else {
            update(digest, source);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Unpacks a zip into an empty target directory, refusing entries that would land outside it and packages
     * larger than {@link #MAX_UNPACKED_BYTES}.
     */
    static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        Path root = target.toAbsolutePath().normalize();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            boolean any = false;
            while ((entry = in.getNextEntry()) != null) {
                any = true;
                Path destination = root.resolve(entry.getName()).normalize();
                if (!destination.startsWith(root)) {
                    throw new IOException("zip entry '" + entry.getName() + "' points outside the package");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                Files.createDirectories(destination.getParent());
                try (OutputStream out = Files.newOutputStream(destination)) {
                    int read;
                    while ((read = in.read(buffer)) > 0) {
                        total += read;
                        if (total > MAX_UNPACKED_BYTES) {
                            throw new IOException("package unpacks to more than " + MAX_UNPACKED_BYTES + " bytes");
                        }
                        out.write(buffer, 0, read);
                    }
                }
            }
            if (!any) {
                throw new IOException(zip + " is not a zip file or is empty");
            }
        }
    }

    /** Copies a directory tree into {@code target}. */
    static void copyTree(Path source, Path target) throws IOException {
        for (Path file : regularFiles(source)) {
            Path destination = target.resolve(relative(source, file));
            Files.createDirectories(destination.getParent());
            Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * @return {@code root} when it holds {@code saved_model.pb}, else its only sub-directory that does
     * @throws IOException when there is none or more than one
     */
    static Path findSavedModel(Path root) throws IOException {
        if (Files.isRegularFile(root.resolve(SAVED_MODEL))) {
            return root;
        }
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path child : children) {
                if (Files.isRegularFile(child.resolve(SAVED_MODEL))) {
                    candidates.add(child);
                }
            }
        }
        if (candidates.size() != 1) {
            throw new IOException("expected one SavedModel (a folder with " + SAVED_MODEL + ") in the package, found "
                    + candidates.size());
        }
        return candidates.get(0);
    }

    /** Deletes a tree; missing is fine. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static List<Path> regularFiles(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(path -> relative(root, path)))
                    .collect(Collectors.toList());
        }
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static void update(MessageDigest digest, Path file) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
