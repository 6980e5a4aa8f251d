package io.aiosedge.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SignaturesTest {

    private static final byte[] REQUEST = "{\"id\":\"r1\",\"reply\":\"aios/v1/t/ops/r1\",\"method\":\"PUT\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void canonicalFormIsTheDocumentedNineLines() {
        byte[] form = CommandSignatures.canonicalForm("t", "gw", "config", "put", 1700000000123L,
                "AAAAAAAAAAAAAAAAAAAAAA", "ops-1", REQUEST);
        String sha = HexFormat.of().formatHex(Ed25519Keys.sha256(REQUEST));
        assertThat(new String(form, StandardCharsets.UTF_8)).isEqualTo(
                "aios-command-v1\nt\ngw\nconfig\nPUT\n1700000000123\nAAAAAAAAAAAAAAAAAAAAAA\nops-1\n" + sha);
        // stable: a fixed input has a fixed digest (a change of the format must be deliberate and versioned)
        assertThat(HexFormat.of().formatHex(Ed25519Keys.sha256(CommandSignatures.canonicalForm("t", "gw", "config",
                null, 1L, "AAAAAAAAAAAAAAAAAAAAAA", "k", new byte[0]))))
                .isEqualTo(HexFormat.of().formatHex(Ed25519Keys.sha256(("aios-command-v1\nt\ngw\nconfig\nGET\n1\n"
                        + "AAAAAAAAAAAAAAAAAAAAAA\nk\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                        .getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void fieldsWithNewlinesBadNoncesAndKeyIdsAreRefused() {
        assertThatThrownBy(() -> CommandSignatures.canonicalForm("t", "gw\nx", "config", "PUT", 1, CommandSignatures.newNonce(),
                "k", REQUEST)).hasMessageContaining("one line");
        assertThatThrownBy(() -> CommandSignatures.canonicalForm("t", "gw", "config", "PUT", 1, "short", "k", REQUEST))
                .hasMessageContaining("nonce 'short'");
        assertThatThrownBy(() -> CommandSignatures.canonicalForm("t", "gw", "config", "PUT", 1,
                CommandSignatures.newNonce(), "a b", REQUEST)).hasMessageContaining("key id 'a b'");
    }

    @Test
    void aSignedCommandVerifiesAndAnyChangedFieldDoesNot() throws Exception {
        KeyPair pair = Ed25519Keys.generate();
        TrustedKeys trusted = TrustedKeys.parse(new String[] {"ops=" + Ed25519Keys.encodePublic(pair.getPublic()), " "},
                "commands.trusted.keys");
        String nonce = CommandSignatures.newNonce();
        byte[] sig = Ed25519Keys.sign(pair.getPrivate(), CommandSignatures.canonicalForm("t", "gw", "config", "PUT",
                5L, nonce, "ops", REQUEST));
        CommandSignatures.verify(trusted, "t", "gw", "config", "PUT", 5L, nonce, "ops", REQUEST, sig);

        assertThatThrownBy(() -> CommandSignatures.verify(trusted, "t", "gw2", "config", "PUT", 5L, nonce, "ops",
                REQUEST, sig)).isInstanceOf(VerificationException.class).hasMessage("signature does not verify with key 'ops'");
        assertThatThrownBy(() -> CommandSignatures.verify(trusted, "t", "gw", "config", "PUT", 6L, nonce, "ops",
                REQUEST, sig)).hasMessageContaining("does not verify");
        byte[] changed = REQUEST.clone();
        changed[3] ^= 1;
        assertThatThrownBy(() -> CommandSignatures.verify(trusted, "t", "gw", "config", "PUT", 5L, nonce, "ops",
                changed, sig)).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> CommandSignatures.verify(trusted, "t", "gw", "config", "PUT", 5L, nonce, "other",
                REQUEST, sig)).hasMessage("unknown key id 'other'; trusted: [ops]");
    }

    @Test
    void theEnvelopeCarriesTheExactRequestBytes() {
        KeyPair pair = Ed25519Keys.generate();
        String envelope = CommandSignatures.envelope(pair.getPrivate(), "ops", "t", "gw", "config", "PUT", 7L,
                "AAAAAAAAAAAAAAAAAAAAAA", REQUEST);
        assertThat(envelope).startsWith("{\"request\":\"" + Base64.getEncoder().encodeToString(REQUEST) + "\"")
                .contains("\"auth\":{\"key\":\"ops\",\"issued\":7,\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"sig\":\"");
    }

    @Test
    void trustedKeyEntriesAreValidatedNamingThePropertyAndEntry() {
        String key = Ed25519Keys.encodePublic(Ed25519Keys.generate().getPublic());
        assertThat(TrustedKeys.parse(null, "p").isEmpty()).isTrue();
        assertThat(TrustedKeys.parse(new String[] {"", " "}, "p").isEmpty()).isTrue();
        assertThatThrownBy(() -> TrustedKeys.parse(new String[] {key}, "p")).hasMessageStartingWith(
                "p[0] must be <key-id>=<base64 Ed25519 public key>");
        assertThatThrownBy(() -> TrustedKeys.parse(new String[] {"no key"}, "p")).hasMessage(
                "p[0] must be <key-id>=<base64 Ed25519 public key>");
        assertThatThrownBy(() -> TrustedKeys.parse(new String[] {"a=" + key, "a=" + key}, "p"))
                .hasMessage("p[1]: key id 'a' is given twice");
        assertThatThrownBy(() -> TrustedKeys.parse(new String[] {"a=%%%"}, "p")).hasMessageStartingWith(
                "p[0] (key id 'a'): not base64");
        String rsa = Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00});
        assertThatThrownBy(() -> TrustedKeys.parse(new String[] {"a=" + rsa}, "p")).hasMessageContaining(
                "not an Ed25519 public key");
    }

    @Test
    void artifactSignaturesBindTheDigestAndTheKey() throws Exception {
        KeyPair pair = Ed25519Keys.generate();
        TrustedKeys trusted = TrustedKeys.of(Map.of("rel", pair.getPublic()));
        String sha = "ab".repeat(32);
        String text = ArtifactSignatures.sign(pair.getPrivate(), "rel", sha);
        assertThat(text).startsWith("rel:");
        assertThat(ArtifactSignatures.verify(trusted, sha.toUpperCase(), text)).isEqualTo("rel");
        assertThatThrownBy(() -> ArtifactSignatures.verify(trusted, "cd".repeat(32), text))
                .hasMessage("signature does not verify with key 'rel'");
        assertThatThrownBy(() -> ArtifactSignatures.verify(trusted, sha, "nokey")).hasMessageContaining("<key id>:");
        assertThatThrownBy(() -> ArtifactSignatures.verify(TrustedKeys.none(), sha, text))
                .hasMessage("unknown key id 'rel'; trusted: []");
        // a command signature over the same bytes' digest is no artifact signature (domain separation)
        String commandSig = Base64.getEncoder().encodeToString(Ed25519Keys.sign(pair.getPrivate(),
                sha.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> ArtifactSignatures.verify(trusted, sha, "rel:" + commandSig))
                .hasMessageContaining("does not verify");
    }
}
