package io.aiosedge.api.security;

import java.security.PublicKey;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The trust anchors of a component: Ed25519 public keys by key id, read from a String[] property whose entries are
 * {@code <key-id>=<base64 X.509 SubjectPublicKeyInfo>} (blank entries are ignored). Immutable.
 */
public final class TrustedKeys {

    private static final TrustedKeys NONE = new TrustedKeys(Map.of());

    private final Map<String, PublicKey> keys;

    private TrustedKeys(Map<String, PublicKey> keys) {
        this.keys = Collections.unmodifiableMap(new TreeMap<>(keys));
    }

    /** No trust anchor: every verification fails. */
    public static TrustedKeys none() {
        return NONE;
    }

    /** The given keys (tests and tools). */
    public static TrustedKeys of(Map<String, PublicKey> keys) {
        for (String id : keys.keySet()) {
            if (!Ed25519Keys.KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("key id '" + id + "' must match " + Ed25519Keys.KEY_ID.pattern());
            }
        }
        return new TrustedKeys(keys);
    }

    /**
     * Parses a configuration property.
     *
     * @param entries the property's values; null is none
     * @param property the property's name, for the error message
     * @throws IllegalArgumentException naming the property, the entry (by position and key id, never the whole value)
     *         and what is wrong with it
     */
    public static TrustedKeys parse(String[] entries, String property) {
        if (entries == null) {
            return NONE;
        }
        Map<String, PublicKey> keys = new TreeMap<>();
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i] == null ? "" : entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            // A bare base64 key ends with '=' padding: without this check it would read as a key id with no key.
            if (eq <= 0 || entry.substring(eq + 1).isBlank()) {
                throw new IllegalArgumentException(property + "[" + i + "] must be <key-id>=<base64 Ed25519 public key>");
            }
            String id = entry.substring(0, eq).trim();
            if (!Ed25519Keys.KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(property + "[" + i + "] must be <key-id>=<base64 Ed25519 public key>:"
                        + " key id '" + (id.length() > 20 ? id.substring(0, 20) + "..." : id) + "' must match "
                        + Ed25519Keys.KEY_ID.pattern());
            }
            PublicKey key;
            try {
                key = Ed25519Keys.decodePublic(entry.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + "[" + i + "] (key id '" + id + "'): " + e.getMessage());
            }
            if (keys.put(id, key) != null) {
                throw new IllegalArgumentException(property + "[" + i + "]: key id '" + id + "' is given twice");
            }
        }
        return keys.isEmpty() ? NONE : new TrustedKeys(keys);
    }

    public boolean isEmpty() {
        return this.keys.isEmpty();
    }

    /** The key ids, sorted. */
    public Set<String> ids() {
        return this.keys.keySet();
    }

    /**
     * Checks a signature by a named key.
     *
     * @throws VerificationException "unknown key id" (naming the trusted ones) or "signature does not verify"
     */
    public void verify(String keyId, byte[] data, byte[] signature) throws VerificationException {
        PublicKey key = this.keys.get(keyId);
        if (key == null) {
            throw new VerificationException("unknown key id '" + keyId + "'; trusted: " + ids());
        }
        if (!Ed25519Keys.verify(key, data, signature)) {
            throw new VerificationException("signature does not verify with key '" + keyId + "'");
        }
    }

    @Override
    public String toString() {
        return "TrustedKeys" + ids();
    }
}
