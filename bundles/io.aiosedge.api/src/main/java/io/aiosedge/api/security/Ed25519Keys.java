package io.aiosedge.api.security;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Ed25519 keys and signatures with the JDK's provider (Java 15 and later); no other crypto library. */
public final class Ed25519Keys {

    /** JCA name of the algorithm. */
    public static final String ALGORITHM = "Ed25519";
    /** What a key id may look like: 1 to 64 of letters, digits, '.', '_', '-'. */
    public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Ed25519Keys() {
    }

    /** A fresh key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no " + ALGORITHM + " (Java 15 or later is needed)", e);
        }
    }

    /** The base64 of the key's X.509 SubjectPublicKeyInfo encoding: how a trust anchor is written. */
    public static String encodePublic(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * Reads a public key written by {@link #encodePublic}.
     *
     * @throws IllegalArgumentException when the text is not base64 or not an Ed25519 SubjectPublicKeyInfo
     */
    public static PublicKey decodePublic(String base64) {
        byte[] encoded;
        try {
            encoded = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + e.getMessage());
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (X.509 SubjectPublicKeyInfo): " + e.getMessage());
        }
    }

    /**
     * Reads a PKCS#8-encoded Ed25519 private key (what {@code aios-sign keygen} writes).
     *
     * @throws IllegalArgumentException when the bytes are not one
     */
    public static PrivateKey decodePrivate(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key (PKCS#8): " + e.getMessage());
        }
    }

    /** A default key id for a public key: {@code k-} and the first 12 hex digits of the SHA-256 of its encoding. */
    public static String defaultKeyId(PublicKey key) {
        return "k-" + HexFormat.of().formatHex(sha256(key.getEncoded())).substring(0, 12);
    }

    /** Signs bytes. */
    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** True when {@code signature} is an Ed25519 signature of {@code data} by {@code key}. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is a wrong one
        }
    }

    /** SHA-256 of bytes. */
    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
