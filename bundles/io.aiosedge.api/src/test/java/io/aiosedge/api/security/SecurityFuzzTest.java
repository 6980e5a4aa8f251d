package io.aiosedge.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.aiosedge.testsupport.FuzzSummary;

/**
 * What the security package reads from outside: trust anchors (configuration values), public and private keys, the
 * detached signature of a package or model, and the fields of a signed command. Each is either accepted or refused
 * with its documented exception (IllegalArgumentException for configuration and keys, VerificationException for
 * signatures), and a signature is accepted only when it is the one the trusted key makes.
 */
class SecurityFuzzTest {

    private static final FuzzSummary SUMMARY = new FuzzSummary("security: trust anchors, keys, signatures");
    /** A fixed key (a seed of 7s), so that runs with the same fuzz seed are the same runs. */
    private static final KeyPair OPS = fixedKeyPair((byte) 7);
    private static final TrustedKeys TRUSTED = TrustedKeys.of(Map.of("ops", OPS.getPublic()));

    static KeyPair fixedKeyPair(byte seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(Ed25519Keys.ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                private static final long serialVersionUID = 1L;

                @Override
                public void nextBytes(byte[] bytes) {
                    Arrays.fill(bytes, seed);
                }
            });
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest
    void securityInputs(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 4)) {
        case 0:
            trustAnchors(data);
            break;
        case 1:
            artifactSignature(data);
            break;
        case 2:
            commandSignature(data);
            break;
        case 3:
            try {
                Ed25519Keys.decodePublic(data.consumeRemainingAsString());
                SUMMARY.count("public key: ok");
            } catch (IllegalArgumentException refused) {
                SUMMARY.count("public key: refused");
            }
            break;
        default:
            try {
                Ed25519Keys.decodePrivate(data.consumeRemainingAsBytes());
                SUMMARY.count("private key: ok");
            } catch (IllegalArgumentException refused) {
                SUMMARY.count("private key: refused");
            }
        }
    }

    private static void trustAnchors(FuzzedDataProvider data) {
        String[] entries = new String[data.consumeInt(0, 4)];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = data.consumeBoolean() ? "ops=" + Ed25519Keys.encodePublic(OPS.getPublic())
                    : data.consumeString(200);
        }
        try {
            TrustedKeys keys = TrustedKeys.parse(entries, "commands.trusted.keys");
            for (String id : keys.ids()) {
                assertThat(id).matches(Ed25519Keys.KEY_ID);
            }
            SUMMARY.count("trust anchors: ok");
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).startsWith("commands.trusted.keys[");
            SUMMARY.count("trust anchors: refused");
        }
    }

    private static void artifactSignature(FuzzedDataProvider data) {
        String sha256 = data.consumeString(80);
        String signature = data.consumeRemainingAsString();
        try {
            String keyId = ArtifactSignatures.verify(TRUSTED, sha256, signature);
            assertThat(keyId).isEqualTo("ops");
            // Ed25519 is deterministic: the only accepted text is the one the key makes.
            assertThat(signature.trim()).isEqualTo(ArtifactSignatures.sign(OPS.getPrivate(), "ops", sha256));
            SUMMARY.count("artifact signature: ok");
        } catch (VerificationException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            SUMMARY.count("artifact signature: refused");
        }
    }

    private static void commandSignature(FuzzedDataProvider data) {
        String tenant = data.consumeString(20);
        String gateway = data.consumeString(20);
        String handler = data.consumeString(20);
        String method = data.consumeBoolean() ? null : data.consumeString(10);
        long issued = data.consumeLong();
        String nonce = data.consumeString(70);
        String keyId = data.consumeBoolean() ? "ops" : data.consumeString(70);
        byte[] request = data.consumeBytes(200);
        byte[] signature = data.consumeRemainingAsBytes();
        try {
            CommandSignatures.verify(TRUSTED, tenant, gateway, handler, method, issued, nonce, keyId, request,
                    signature);
            byte[] expected = Ed25519Keys.sign(OPS.getPrivate(), CommandSignatures.canonicalForm(tenant, gateway,
                    handler, method, issued, nonce, keyId, request));
            if (!Arrays.equals(expected, signature)) {
                fail("accepted a signature the key did not make: " + new String(request, StandardCharsets.UTF_8));
            }
            SUMMARY.count("command signature: ok");
        } catch (VerificationException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            SUMMARY.count("command signature: refused");
        }
    }

    @AfterAll
    static void summary() throws Exception {
        SUMMARY.write();
    }
}
