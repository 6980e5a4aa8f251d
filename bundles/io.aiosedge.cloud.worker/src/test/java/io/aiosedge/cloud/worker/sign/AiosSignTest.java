package io.aiosedge.cloud.worker.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aiosedge.api.security.ArtifactSignatures;
import io.aiosedge.api.security.CommandSignatures;
import io.aiosedge.api.security.Ed25519Keys;
import io.aiosedge.api.security.TrustedKeys;

/** The operator's tool: what it writes verifies on the gateway side with the configured trust entry. */
class AiosSignTest {

    @TempDir
    Path dir;

    private String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new AiosSign(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(args);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private TrustedKeys keygen(String id) throws Exception {
        String printed = run("keygen", dir.resolve("keys").toString(), "--id", id);
        Matcher entry = Pattern.compile("trust entry  (\\S+)").matcher(printed);
        assertThat(entry.find()).as(printed).isTrue();
        assertThat(printed).contains("key id       " + id);
        return TrustedKeys.parse(new String[] {entry.group(1)}, "commands.trusted.keys");
    }

    @Test
    void aSignedCommandVerifiesForItsGatewayHandlerAndMethodOnly() throws Exception {
        TrustedKeys trusted = keygen("ops");
        assertThat(Files.readString(dir.resolve("keys/ops.pub")).trim()).hasSize(60);
        String envelope = run("sign-command", "--key", dir.resolve("keys/ops.pk8").toString(), "--tenant", "demo",
                "--gateway", "gateway-1", "--handler", "config", "--method", "put", "--request-id", "r1", "--args",
                "anomaly-job", "--metrics", "{\"trigger.rate.ms\":20}", "--sender", "alice \"ops\"").trim();
        Matcher m = Pattern.compile("\\{\"request\":\"([^\"]+)\",\"auth\":\\{\"key\":\"ops\",\"issued\":(\\d+),"
                + "\"nonce\":\"([^\"]+)\",\"sig\":\"([^\"]+)\"\\}\\}").matcher(envelope);
        assertThat(m.matches()).as(envelope).isTrue();
        byte[] request = Base64.getDecoder().decode(m.group(1));
        assertThat(new String(request, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"r1\",\"reply\":"
                + "\"aios/v1/demo/operator/replies/r1\",\"method\":\"PUT\",\"args\":[\"anomaly-job\"],"
                + "\"metrics\":{\"trigger.rate.ms\":20},\"sender\":\"alice \\\"ops\\\"\"}");
        long issued = Long.parseLong(m.group(2));
        assertThat(issued).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        byte[] sig = Base64.getDecoder().decode(m.group(4));
        CommandSignatures.verify(trusted, "demo", "gateway-1", "config", "PUT", issued, m.group(3), "ops", request, sig);
        assertThatThrownBy(() -> CommandSignatures.verify(trusted, "demo", "gateway-2", "config", "PUT", issued,
                m.group(3), "ops", request, sig)).hasMessageContaining("does not verify");
    }

    @Test
    void signFileWritesADetachedSignatureOfTheFilesSha256() throws Exception {
        TrustedKeys trusted = keygen("release");
        Path dp = Files.write(dir.resolve("x.dp"), new byte[] {1, 2, 3});
        String printed = run("sign-file", "--key", dir.resolve("keys/release.pk8").toString(), dp.toString());
        String sha = HexFormat.of().formatHex(Ed25519Keys.sha256(new byte[] {1, 2, 3}));
        assertThat(printed).contains("sha256     " + sha);
        String signature = Files.readString(dir.resolve("x.dp.sig")).trim();
        assertThat(ArtifactSignatures.verify(trusted, sha, signature)).isEqualTo("release");
    }

    @Test
    void mistakesAreNamed() throws Exception {
        assertThatThrownBy(() -> run("sign-command", "--tenant", "t")).hasMessage("--key is required");
        assertThatThrownBy(() -> run("frobnicate")).hasMessage("unknown command 'frobnicate'");
        keygen("ops");
        assertThatThrownBy(() -> run("keygen", dir.resolve("keys").toString(), "--id", "ops"))
                .hasMessageContaining("exists");
        assertThatThrownBy(() -> run("sign-command", "--key", dir.resolve("keys/ops.pk8").toString(), "--tenant", "t",
                "--gateway", "g", "--handler", "config", "--metrics", "[1]")).hasMessageContaining("JSON object");
    }
}
