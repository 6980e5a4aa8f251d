package io.aiosedge.api.security;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The signed form of a cloud command.
 *
 * <p><b>On the wire</b> (the MQTT payload on {@code aios/v1/<tenant>/<gateway-id>/commands/<handler>}, UTF-8 JSON):
 *
 * <pre>
 * {"request":"&lt;base64 of the exact bytes of the request JSON&gt;",
 *  "auth":{"key":"&lt;key id&gt;","issued":&lt;ms since the epoch&gt;,"nonce":"&lt;nonce&gt;","sig":"&lt;base64 Ed25519 signature&gt;"}}
 * </pre>
 *
 * The request inside is the connector's ordinary command JSON ({@code id}, {@code reply}, {@code method},
 * {@code args}, {@code metrics}, {@code body}); it travels as base64 so that the signed bytes are exactly the bytes
 * received, with no JSON canonicalisation on either side.
 *
 * <p><b>Canonical form</b>: the signature is over the UTF-8 bytes of these nine lines joined by {@code '\n'} (no
 * trailing newline):
 *
 * <pre>
 * aios-command-v1
 * &lt;tenant&gt;
 * &lt;gateway id (the endpoint's MQTT client id)&gt;
 * &lt;handler id (the last topic level)&gt;
 * &lt;method, upper case as in the request; GET when the request names none&gt;
 * &lt;issued: decimal milliseconds since the epoch&gt;
 * &lt;nonce&gt;
 * &lt;key id&gt;
 * &lt;lower-case hex SHA-256 of the request bytes&gt;
 * </pre>
 *
 * So a signature binds the command to one gateway of one tenant, one handler and method, one moment and one nonce;
 * the gateway rebuilds the lines from its own identity, the topic and the request, never from the sender's word.
 */
public final class CommandSignatures {

    /** First line of the canonical form: the format's version (a domain separator from artifact signatures). */
    public static final String FORMAT = "aios-command-v1";
    /** A nonce: 16 to 64 of base64url characters ({@link #newNonce} makes 22, from 16 random bytes). */
    public static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private CommandSignatures() {
    }

    /** 16 random bytes, base64url without padding. */
    public static String newNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The method as the canonical form has it: upper case, {@code GET} when null or blank. */
    public static String normalizeMethod(String method) {
        return method == null || method.isBlank() ? "GET" : method.trim().toUpperCase(Locale.ROOT);
    }

    /**
     * The bytes a command signature is over (see the class description).
     *
     * @throws IllegalArgumentException when a field holds a newline (it would make two forms equal), a bad nonce or
     *         key id
     */
    public static byte[] canonicalForm(String tenant, String gatewayId, String handler, String method, long issuedMillis,
            String nonce, String keyId, byte[] request) {
        if (!NONCE.matcher(nonce).matches()) {
            throw new IllegalArgumentException("nonce '" + nonce + "' must match " + NONCE.pattern());
        }
        if (!Ed25519Keys.KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key id '" + keyId + "' must match " + Ed25519Keys.KEY_ID.pattern());
        }
        StringBuilder lines = new StringBuilder(FORMAT);
        for (String field : new String[] {tenant, gatewayId, handler, normalizeMethod(method)}) {
            if (field == null || field.isEmpty() || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("command field '" + field + "' must be non-empty and on one line");
            }
            lines.append('\n').append(field);
        }
        lines.append('\n').append(issuedMillis).append('\n').append(nonce).append('\n').append(keyId).append('\n')
                .append(HexFormat.of().formatHex(Ed25519Keys.sha256(request)));
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Signs a request and wraps it into the wire form above, ready to publish.
     *
     * @param request the exact bytes of the request JSON
     */
    public static String envelope(PrivateKey key, String keyId, String tenant, String gatewayId, String handler,
            String method, long issuedMillis, String nonce, byte[] request) {
        byte[] signature = Ed25519Keys.sign(key, canonicalForm(tenant, gatewayId, handler, method, issuedMillis, nonce,
                keyId, request));
        // Every value is base64, a decimal or a key id / nonce of a restricted alphabet: nothing to escape.
        return "{\"request\":\"" + Base64.getEncoder().encodeToString(request) + "\",\"auth\":{\"key\":\"" + keyId
                + "\",\"issued\":" + issuedMillis + ",\"nonce\":\"" + nonce + "\",\"sig\":\""
                + Base64.getEncoder().encodeToString(signature) + "\"}}";
    }

    /**
     * Verifies a command's signature against the trust anchors. The caller checks the time window and the nonce's
     * novelty (state it owns) only after this succeeded, so that unsigned traffic cannot fill its nonce cache.
     *
     * @throws VerificationException naming what is wrong: unknown key id, or a signature that does not verify
     */
    public static void verify(TrustedKeys trusted, String tenant, String gatewayId, String handler, String method,
            long issuedMillis, String nonce, String keyId, byte[] request, byte[] signature) throws VerificationException {
        byte[] canonical;
        try {
            canonical = canonicalForm(tenant, gatewayId, handler, method, issuedMillis, nonce, keyId, request);
        } catch (IllegalArgumentException e) {
            throw new VerificationException(e.getMessage());
        }
        trusted.verify(keyId, canonical, signature);
    }
}
