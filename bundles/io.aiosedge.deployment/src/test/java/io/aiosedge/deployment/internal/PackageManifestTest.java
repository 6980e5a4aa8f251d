package io.aiosedge.deployment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest check before DeploymentAdmin: hostile files are refused as "not a Deployment Package". */
class PackageManifestTest {

    @TempDir
    Path dir;

    @Test
    void readsTheNameVersionAndBundles() throws Exception {
        Path file = Files.write(dir.resolve("ok.dp"), TestPackages.dp("io.aiosedge.dp.x", "1.2.3", "a", "b"));
        PackageManifest manifest = PackageManifest.read(file);
        assertThat(manifest.symbolicName()).isEqualTo("io.aiosedge.dp.x");
        assertThat(manifest.version()).hasToString("1.2.3");
        assertThat(manifest.bundles()).containsOnlyKeys("a", "b");
    }

    @Test
    void anEntryNameThatIsNotUtf8IsRefusedNotAnUnexpectedError() throws Exception {
        // Found by PackageFuzzTest: JarInputStream threw IllegalArgumentException ("malformed input"), which the
        // operation reported as an unexpected INTERNAL_ERROR.
        byte[] zip = zip("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n".getBytes(StandardCharsets.UTF_8));
        int name = indexOf(zip, "META-INF".getBytes(StandardCharsets.US_ASCII));
        zip[name] = (byte) 0xC3; // a lead byte without its continuation: malformed UTF-8 (the local header's name)
        Path file = Files.write(dir.resolve("bad.dp"), zip);
        assertThatThrownBy(() -> PackageManifest.read(file)).isInstanceOf(CommandRefused.class)
                .hasMessageStartingWith("not a Deployment Package: ");
    }

    @Test
    void aManifestThatUnpacksToMoreThanTheLimitIsRefusedWhileItIsRead() throws Exception {
        byte[] huge = new byte[PackageManifest.MAX_MANIFEST_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) 'a');
        Path file = Files.write(dir.resolve("bomb.dp"), zip("META-INF/MANIFEST.MF", huge));
        assertThat(Files.size(file)).isLessThan(10_000); // deflated
        assertThatThrownBy(() -> PackageManifest.read(file)).isInstanceOf(CommandRefused.class)
                .hasMessageContaining("its manifest unpacks to more than 1048576 bytes");
    }

    @Test
    void aFileThatIsNoZipOrHasNoManifestFirstIsRefused() throws Exception {
        Path text = Files.write(dir.resolve("text.dp"), "hello".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PackageManifest.read(text)).hasMessageContaining("no manifest as first entry");
        Path other = Files.write(dir.resolve("other.dp"), zip("a.txt", new byte[1]));
        assertThatThrownBy(() -> PackageManifest.read(other)).hasMessageContaining("no manifest as first entry");
    }

    private static byte[] zip(String entry, byte[] content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry(entry));
            out.write(content);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
