package io.aiosedge.api.security;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Detached signatures of artifacts (Deployment Packages, model archives).
 *
 * <p>The signature is Ed25519 over the UTF-8 bytes of {@code "aios-artifact-v1\n" + <lower-case hex SHA-256 of the
 * file>}. Its text form, the content of a {@code .sig} file ({@code aios-sign sign-file}) and the value of a
 * command's {@code signature} metric, is {@code <key id>:<base64 signature>} on one line. The gateway checks it
 * against the SHA-256 the command announces before it fetches the file, and checks the file against that SHA-256
 * before anything reads the file's content; so no byte of an unsigned artifact reaches DeploymentAdmin or the
 * inference engine.
 */
public final class ArtifactSignatures {

    /** Prefix of the signed text: the format's version (a domain separator from command signatures). */
    public static final String FORMAT = "aios-artifact-v1";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ArtifactSignatures() {
    }

    /** The bytes the signature is over. */
    public static byte[] canonicalForm(String sha256Hex) {
        String digest = sha256Hex == null ? "" : sha256Hex.trim().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(digest).matches()) {
            throw new IllegalArgumentException("'" + sha256Hex + "' is not a SHA-256 (64 hex digits)");
        }
        return (FORMAT + "\n" + digest).getBytes(StandardCharsets.UTF_8);
    }

    /** The text form {@code <key id>:<base64 signature>} of a file's signature. */
    public static String sign(PrivateKey key, String keyId, String sha256Hex) {
        if (!Ed25519Keys.KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key id '" + keyId + "' must match " + Ed25519Keys.KEY_ID.pattern());
        }
        return keyId + ":" + Base64.getEncoder().encodeToString(Ed25519Keys.sign(key, canonicalForm(sha256Hex)));
    }

    /**
     * Checks the text form of a signature against an announced SHA-256.
     *
     * @return the key id that signed
     * @throws VerificationException when the text is malformed, the key unknown or the signature wrong
     */
    public static String verify(TrustedKeys trusted, String sha256Hex, String signatureText) throws VerificationException {
        String text = signatureText == null ? "" : signatureText.trim();
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new VerificationException("the signature must be '<key id>:<base64 Ed25519 signature>'"
                    + " (the content of the .sig file aios-sign sign-file writes)");
        }
        String keyId = text.substring(0, colon);
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(text.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new VerificationException("the signature of key '" + keyId + "' is not base64");
        }
        byte[] canonical;
        try {
            canonical = canonicalForm(sha256Hex);
        } catch (IllegalArgumentException e) {
            throw new VerificationException(e.getMessage());
        }
        trusted.verify(keyId, canonical, signature);
        return keyId;
    }
}
