package io.aiosedge.inference.tensorflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking of model archives: what lands where, and every hostile shape refused with its reason. */
class ModelArchiveTest {

    private static final ModelArchive.Limits SMALL = new ModelArchive.Limits(1 << 20, 10);

    @TempDir
    Path temp;

    @Test
    void unpacksFilesAndFolders() throws Exception {
        Path zip = zip("ok.zip", entry("model/saved_model.pb", new byte[] { 1, 2, 3 }), entry("model/variables/", null),
                entry("model/variables/v.index", new byte[] { 4 }));
        Path target = this.temp.resolve("out");
        ModelArchive.unzip(zip, target, SMALL);
        assertThat(Files.readAllBytes(target.resolve("model/saved_model.pb"))).containsExactly(1, 2, 3);
        assertThat(target.resolve("model/variables/v.index")).isRegularFile();
        assertThat(ModelArchive.findSavedModel(target)).isEqualTo(target.resolve("model"));
    }

    @Test
    void entriesEscapingTheTargetAreRefusedAndNothingLandsOutside() throws Exception {
        for (String name : new String[] { "../evil.txt", "model/../../evil.txt", "/tmp/evil-aios.txt", "..",
                "./" }) {
            Path zip = zip("slip.zip", entry("model/saved_model.pb", new byte[] { 1 }), entry(name, new byte[] { 6 }));
            Path target = this.temp.resolve("t").resolve("out");
            assertThatThrownBy(() -> ModelArchive.unzip(zip, target, SMALL)).as(name).isInstanceOf(IOException.class)
                    .hasMessage("zip entry '" + name + "' points outside the package");
            assertThat(this.temp.resolve("t/evil.txt")).doesNotExist();
            assertThat(this.temp.resolve("evil.txt")).doesNotExist();
            assertThat(Path.of("/tmp/evil-aios.txt")).doesNotExist();
            ModelArchive.deleteTree(this.temp.resolve("t"));
        }
    }

    @Test
    void symbolicLinksAreRefusedBeforeAnythingIsWritten() throws Exception {
        byte[] zip = zipBytes(entry("model/saved_model.pb", new byte[] { 1 }), entry("model/link", "/etc/passwd"
                .getBytes()));
        Path file = Files.write(this.temp.resolve("link.zip"), markAsUnixSymlink(zip, "model/link"));
        Path target = this.temp.resolve("out");
        assertThatThrownBy(() -> ModelArchive.unzip(file, target, SMALL)).isInstanceOf(IOException.class)
                .hasMessage("zip entry 'model/link' is a symbolic link; packages may hold only files and folders");
        assertThat(target).doesNotExist();
    }

    @Test
    void aBombIsRefusedByItsStatedSizeAndByWhatItInflatesTo() throws Exception {
        // 8 MiB of zeros compress to a few KiB.
        Path bomb = zip("bomb.zip", entry("model/saved_model.pb", new byte[8 << 20]));
        assertThat(Files.size(bomb)).isLessThan(64 << 10);
        Path target = this.temp.resolve("out");
        assertThatThrownBy(() -> ModelArchive.unzip(bomb, target, SMALL)).isInstanceOf(IOException.class)
                .hasMessage("the package states more than 1048576 unpacked bytes (models.max.unpacked.bytes)");
        assertThat(target).doesNotExist();

        // The same bomb lying about its size in the central directory: caught while inflating.
        Path liar = Files.write(this.temp.resolve("liar.zip"), stateSize(Files.readAllBytes(bomb), 100));
        assertThatThrownBy(() -> ModelArchive.unzip(liar, target, SMALL)).isInstanceOf(IOException.class)
                .hasMessage("the package unpacks to more than 1048576 bytes (models.max.unpacked.bytes)");
        assertThat(sizeOf(target)).isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void tooManyEntriesAreRefused() throws Exception {
        Entry[] entries = new Entry[11];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = entry("model/f" + i, new byte[] { (byte) i });
        }
        Path zip = zip("many.zip", entries);
        assertThatThrownBy(() -> ModelArchive.unzip(zip, this.temp.resolve("out"), SMALL))
                .isInstanceOf(IOException.class)
                .hasMessage("the package has 11 entries, more than 10 (models.max.entries)");
        ModelArchive.unzip(zip, this.temp.resolve("out2"), new ModelArchive.Limits(1 << 20, 11));
    }

    @Test
    void whatIsNotAZipIsRefused() throws Exception {
        Path text = Files.writeString(this.temp.resolve("not.zip"), "hello, not a zip");
        assertThatThrownBy(() -> ModelArchive.unzip(text, this.temp.resolve("out"), SMALL))
                .isInstanceOf(IOException.class).hasMessageContaining("is not a zip file");
        byte[] valid = zipBytes(entry("model/saved_model.pb", new byte[100]));
        byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 30);
        Path cut = Files.write(this.temp.resolve("cut.zip"), truncated);
        assertThatThrownBy(() -> ModelArchive.unzip(cut, this.temp.resolve("out"), SMALL))
                .isInstanceOf(IOException.class);
    }

    @Test
    void anEntryNameThatIsNotUtf8IsRefusedAsAnIoError() throws Exception {
        // Found by ModelArchiveFuzzTest: ZipInputStream threw IllegalArgumentException ("malformed input").
        byte[] zip = zipBytes(entry("model/saved_model.pb", new byte[] { 1 }));
        byte[] name = "model/saved_model.pb".getBytes();
        for (int i = 0; i + name.length <= zip.length; i++) {
            if (java.util.Arrays.equals(java.util.Arrays.copyOfRange(zip, i, i + name.length), name)) {
                zip[i] = (byte) 0xC3; // a lead byte followed by an ASCII byte: malformed UTF-8
            }
        }
        Path file = Files.write(this.temp.resolve("latin.zip"), zip);
        assertThatThrownBy(() -> ModelArchive.unzip(file, this.temp.resolve("out"), SMALL))
                .isInstanceOf(IOException.class).hasMessageContaining("not valid UTF-8");
    }

    // ------------------------------------------------------------------ zips for the tests

    record Entry(String name, byte[] content) {
    }

    static Entry entry(String name, byte[] content) {
        return new Entry(name, content);
    }

    private Path zip(String name, Entry... entries) throws IOException {
        return Files.write(this.temp.resolve(name), zipBytes(entries));
    }

    static byte[] zipBytes(Entry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Entry entry : entries) {
                out.putNextEntry(new ZipEntry(entry.name()));
                if (entry.content() != null) {
                    out.write(entry.content());
                }
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Sets "made by Unix" and the file type "symbolic link" on an entry's central directory header. */
    static byte[] markAsUnixSymlink(byte[] zip, String name) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int at = centralHeader(buffer, name);
        buffer.putShort(at + 4, (short) ((3 << 8) | 20));
        buffer.putInt(at + 38, 0120777 << 16);
        return zip;
    }

    /** Overwrites the uncompressed size every central directory header states. */
    static byte[] stateSize(byte[] zip, int size) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 4 <= zip.length; i++) {
            if (buffer.getInt(i) == 0x02014b50) {
                buffer.putInt(i + 24, size);
            }
        }
        return zip;
    }

    private static int centralHeader(ByteBuffer buffer, String name) {
        byte[] wanted = name.getBytes();
        for (int i = 0; i + 46 <= buffer.limit(); i++) {
            if (buffer.getInt(i) == 0x02014b50 && (buffer.getShort(i + 28) & 0xFFFF) == wanted.length) {
                byte[] found = new byte[wanted.length];
                buffer.get(i + 46, found);
                if (java.util.Arrays.equals(found, wanted)) {
                    return i;
                }
            }
        }
        throw new AssertionError("no central directory header for " + name);
    }

    private static long sizeOf(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
