package io.aiosedge.deployment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.aiosedge.api.security.TrustedKeys;
import io.aiosedge.testsupport.FuzzSummary;

/**
 * What a deploy command brings before DeploymentAdmin sees it: the package's bytes (read for their manifest) and
 * a payload checked against the size limit and the announced SHA-256. Either a manifest with a symbolic name, a
 * version and named bundles, or a {@link CommandRefused} saying why; never another exception, and a manifest that
 * unpacks to more than the limit (a zip bomb in the manifest) is refused while it is read. A refused payload leaves
 * no file behind.
 */
class PackageFuzzTest {

    private static final FuzzSummary SUMMARY = new FuzzSummary("deployment: package manifests, payload checks");
    private static final Path DIR;
    private static final PackageFetcher FETCHER = new PackageFetcher(new HandlerOptions("deploy", Set.of("file"), 4096,
            1000, 0, TrustedKeys.none(), false), url -> {
                throw new AssertionError("no download in this test");
            });

    static {
        try {
            DIR = Files.createTempDirectory("aios-package-fuzz");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** First byte: 0 reads the rest as a package file, 1 stores it as a command's payload. */
    @FuzzTest
    void deploymentPackage(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
        Path file = DIR.resolve("p.dp");
        if (input[0] % 2 == 0) {
            Files.write(file, bytes);
            try {
                PackageManifest manifest = PackageManifest.read(file);
                assertThat(manifest.symbolicName()).isNotBlank();
                assertThat(manifest.version()).isNotNull();
                manifest.bundles().forEach((name, version) -> assertThat(version).isNotNull());
                SUMMARY.count("manifest: ok");
            } catch (CommandRefused refused) {
                assertThat(refused.getMessage()).startsWith("not a Deployment Package: ");
                SUMMARY.count("manifest: refused");
            }
        } else {
            Files.deleteIfExists(file);
            String sha256 = bytes.length > 0 && bytes[0] % 2 == 0 ? "0".repeat(64) : TestPackages.sha256(bytes);
            try {
                FETCHER.store(bytes, sha256, file);
                assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
                SUMMARY.count("payload: stored");
            } catch (CommandRefused refused) {
                assertThat(file).doesNotExist();
                SUMMARY.count("payload: refused");
            }
        }
    }

    @AfterAll
    static void summary() throws Exception {
        SUMMARY.write();
    }
}
