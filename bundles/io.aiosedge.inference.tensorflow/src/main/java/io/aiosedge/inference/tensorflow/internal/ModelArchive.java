package io.aiosedge.inference.tensorflow.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
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
    /** Most entries in a package by default. */
    static final int MAX_ENTRIES = 10_000;
    private static final int END_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_END_SIGNATURE = 0x06064b50;
    private static final int CENTRAL_HEADER_SIGNATURE = 0x02014b50;
    private static final int END_LENGTH = 22;
    /** The end record with the longest comment a zip can have. */
    private static final int END_MAX_LENGTH = END_LENGTH + 0xFFFF;
    private static final int CENTRAL_HEADER_LENGTH = 46;
    private static final int UNIX = 3;
    private static final int UNIX_TYPE_MASK = 0170000;
    private static final int UNIX_SYMBOLIC_LINK = 0120000;
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
     * Caps on what one package may unpack to.
     *
     * @param maxUnpackedBytes most bytes all entries together may unpack to
     * @param maxEntries most entries (files and folders) in the package
     */
    record Limits(long maxUnpackedBytes, int maxEntries) {

        /** 1 GiB in at most 10000 entries. */
        static final Limits DEFAULT = new Limits(MAX_UNPACKED_BYTES, MAX_ENTRIES);
    }

    /** Unpacks with {@link Limits#DEFAULT}. */
    static void unzip(Path zip, Path target) throws IOException {
        unzip(zip, target, Limits.DEFAULT);
    }

    /**
     * Unpacks a zip into an empty target directory. Refused, with an IOException naming the entry or the limit:
     * entries whose path would land outside the target (absolute, {@code ..}, or not a valid path), symbolic links
     * (entries a Unix zip marks as links; none is ever created, and no file is written through an existing link),
     * an entry that appears twice, more than {@code limits.maxEntries()} entries, and more than
     * {@code limits.maxUnpackedBytes()} bytes unpacked (counted while inflating, so a size the archive states
     * falsely does not help). The central directory is checked before anything is written. On a refusal the
     * entries already written stay in the target; the caller deletes it.
     */
    static void unzip(Path zip, Path target, Limits limits) throws IOException {
        checkCentralDirectory(zip, limits);
        Files.createDirectories(target);
        Path root = target.toAbsolutePath().normalize();
        long total = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = nextEntry(in)) != null) {
                if (++entries > limits.maxEntries()) {
                    throw new IOException("the package has more than " + limits.maxEntries() + " entries"
                            + " (models.max.entries)");
                }
                Path destination = destination(root, entry.getName());
                if (entry.isDirectory()) {
                    if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)
                            && !Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
                        throw new IOException("zip entry '" + entry.getName() + "' is a folder and a file");
                    }
                    Files.createDirectories(destination);
                    continue;
                }
                Files.createDirectories(destination.getParent());
                try (OutputStream out = Files.newOutputStream(destination, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    int read;
                    while ((read = in.read(buffer)) > 0) {
                        total += read;
                        if (total > limits.maxUnpackedBytes()) {
                            throw new IOException("the package unpacks to more than " + limits.maxUnpackedBytes()
                                    + " bytes (models.max.unpacked.bytes)");
                        }
                        out.write(buffer, 0, read);
                    }
                } catch (FileAlreadyExistsException e) {
                    throw new IOException("zip entry '" + entry.getName() + "' appears twice in the package");
                }
            }
            if (entries == 0) {
                throw new IOException(zip + " is not a zip file or is empty");
            }
        } catch (ZipException e) {
            throw new IOException("the package is not a valid zip file: " + e.getMessage(), e);
        }
    }

    /** The next entry; a name that is not UTF-8 (ZipInputStream throws IllegalArgumentException) is refused. */
    private static ZipEntry nextEntry(ZipInputStream in) throws IOException {
        try {
            return in.getNextEntry();
        } catch (IllegalArgumentException e) {
            throw new IOException("a zip entry's name is not valid UTF-8 (" + e.getMessage() + ")", e);
        }
    }

    /** Where an entry lands, refused when outside {@code root}. */
    private static Path destination(Path root, String name) throws IOException {
        Path destination;
        try {
            destination = root.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new IOException("zip entry '" + name.replace("\0", "\\0") + "' is not a valid path: "
                    + e.getReason());
        }
        if (name.isEmpty() || !destination.startsWith(root) || destination.equals(root)) {
            throw new IOException("zip entry '" + name + "' points outside the package");
        }
        return destination;
    }

    /**
     * Reads the zip's central directory (without inflating anything): the number of entries, their stated sizes
     * and their Unix file types. Refuses a package over the limits or with a symbolic link.
     */
    static void checkCentralDirectory(Path zip, Limits limits) throws IOException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = channel.size();
            int tail = (int) Math.min(size, END_MAX_LENGTH);
            ByteBuffer end = read(channel, size - tail, tail);
            int at = -1;
            for (int i = tail - END_LENGTH; i >= 0; i--) {
                if (end.getInt(i) == END_SIGNATURE) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                throw new IOException(zip + " is not a zip file (no end of central directory)");
            }
            long count = end.getShort(at + 10) & 0xFFFFL;
            long directorySize = end.getInt(at + 12) & 0xFFFFFFFFL;
            long directoryOffset = end.getInt(at + 16) & 0xFFFFFFFFL;
            if (count == 0xFFFF || directorySize == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL) {
                long locator = size - tail + at - 20;
                ByteBuffer zip64Locator = locator < 0 ? null : read(channel, locator, 20);
                if (zip64Locator == null || zip64Locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
                    throw new IOException("the package's zip64 end of central directory is missing");
                }
                ByteBuffer zip64End = read(channel, zip64Locator.getLong(8), 56);
                if (zip64End.getInt(0) != ZIP64_END_SIGNATURE) {
                    throw new IOException("the package's zip64 end of central directory is damaged");
                }
                count = zip64End.getLong(32);
                directorySize = zip64End.getLong(40);
                directoryOffset = zip64End.getLong(48);
            }
            if (count > limits.maxEntries() || count < 0) {
                throw new IOException("the package has " + count + " entries, more than " + limits.maxEntries()
                        + " (models.max.entries)");
            }
            long maxDirectory = (long) limits.maxEntries() * (CENTRAL_HEADER_LENGTH + 3L * 0xFFFF);
            if (directorySize < 0 || directorySize > Math.min(maxDirectory, Integer.MAX_VALUE)
                    || directoryOffset < 0 || directoryOffset + directorySize > size) {
                throw new IOException("the package's central directory is damaged (" + directorySize + " bytes at "
                        + directoryOffset + " in a file of " + size + ")");
            }
            ByteBuffer directory = read(channel, directoryOffset, (int) directorySize);
            long stated = 0;
            int position = 0;
            for (long i = 0; i < count; i++) {
                if (position + CENTRAL_HEADER_LENGTH > directorySize
                        || directory.getInt(position) != CENTRAL_HEADER_SIGNATURE) {
                    throw new IOException("the package's central directory is damaged at entry " + (i + 1));
                }
                int madeBy = (directory.getShort(position + 4) >> 8) & 0xFF;
                long uncompressed = directory.getInt(position + 24) & 0xFFFFFFFFL;
                int nameLength = directory.getShort(position + 28) & 0xFFFF;
                int extraLength = directory.getShort(position + 30) & 0xFFFF;
                int commentLength = directory.getShort(position + 32) & 0xFFFF;
                int unixMode = (directory.getInt(position + 38) >>> 16) & 0xFFFF;
                if (position + CENTRAL_HEADER_LENGTH + nameLength > directorySize) {
                    throw new IOException("the package's central directory is damaged at entry " + (i + 1));
                }
                byte[] nameBytes = new byte[nameLength];
                directory.get(position + CENTRAL_HEADER_LENGTH, nameBytes);
                String name = new String(nameBytes, StandardCharsets.UTF_8);
                if (madeBy == UNIX && (unixMode & UNIX_TYPE_MASK) == UNIX_SYMBOLIC_LINK) {
                    throw new IOException("zip entry '" + name + "' is a symbolic link; packages may hold only"
                            + " files and folders");
                }
                if (uncompressed != 0xFFFFFFFFL) {
                    stated += uncompressed;
                    if (stated > limits.maxUnpackedBytes()) {
                        throw new IOException("the package states more than " + limits.maxUnpackedBytes()
                                + " unpacked bytes (models.max.unpacked.bytes)");
                    }
                }
                position += CENTRAL_HEADER_LENGTH + nameLength + extraLength + commentLength;
            }
        }
    }

    private static ByteBuffer read(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("the package ends early (truncated zip)");
            }
        }
        return buffer.flip();
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
