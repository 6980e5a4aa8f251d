package io.aiosedge.cloudsync.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;

import io.aiosedge.api.security.CommandSignatures;
import io.aiosedge.api.security.Ed25519Keys;

/** An operator's key for tests, generated at run time, and the signed command envelopes it makes. */
final class TestSigner {

    /** The key most tests trust, as {@code ops}. */
    static final TestSigner OPS = new TestSigner("ops");

    final String keyId;
    final KeyPair pair = Ed25519Keys.generate();

    TestSigner(String keyId) {
        this.keyId = keyId;
    }

    /** The {@code commands.trusted.keys} entry of this key. */
    String trustEntry() {
        return keyId + "=" + Ed25519Keys.encodePublic(pair.getPublic());
    }

    /** A signed envelope for gateway {@code gw} of tenant {@code t}, issued now with a fresh nonce. */
    byte[] sign(String handler, String method, String requestJson) {
        return sign("t", "gw", handler, method, System.currentTimeMillis(), CommandSignatures.newNonce(), requestJson);
    }

    byte[] sign(String tenant, String gateway, String handler, String method, long issued, String nonce,
            String requestJson) {
        return CommandSignatures.envelope(pair.getPrivate(), keyId, tenant, gateway, handler, method, issued, nonce,
                requestJson.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }
}
