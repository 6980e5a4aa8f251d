package io.aiosedge.cloudsync.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.function.LongSupplier;

import io.aiosedge.api.security.CommandSignatures;
import io.aiosedge.api.security.VerificationException;

/**
 * Whether a signed command may run (README "Signed commands"): a trust anchor of {@code commands.trusted.keys}
 * signed exactly this request for this tenant, gateway, handler and method, within {@code commands.max.age.s}
 * (and {@code commands.clock.skew.s}), with a nonce not seen before, which it then records.
 */
final class CommandAuthenticator {

    private final NonceCache nonces;
    private final LongSupplier clock;

    CommandAuthenticator(NonceCache nonces, LongSupplier clock) {
        this.nonces = nonces;
        this.clock = clock;
    }

    /**
     * Checks a signed command: trust anchor, signature, time window, nonce (in this order: the nonce is recorded
     * only for a verified, timely command). Returns why it is refused, or null; sets the attempt's key id once
     * the signature verified.
     */
    String check(EndpointOptions o, CommandAttempt a, Object rawAuth, byte[] requestBytes) {
        EndpointOptions.CommandSecurity security = o.security();
        if (!(rawAuth instanceof Map)) {
            return "signed command without an 'auth' object {key, issued, nonce, sig}";
        }
        Map<?, ?> auth = (Map<?, ?>) rawAuth;
        Object key = auth.get("key");
        Object issued = auth.get("issued");
        Object nonce = auth.get("nonce");
        Object sig = auth.get("sig");
        if (!(key instanceof String) || !(issued instanceof Long) || !(nonce instanceof String)
                || !(sig instanceof String)) {
            return "'auth' must have key (string), issued (integer ms), nonce (string) and sig (base64 string)";
        }
        if (security.trustedKeys().isEmpty()) {
            return "no trust anchor is configured: set commands.trusted.keys of " + o.pid()
                    + " (aios-sign keygen prints the entry); every signed command is refused until then";
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode((String) sig);
        } catch (IllegalArgumentException e) {
            return "'auth.sig' is not base64";
        }
        try {
            CommandSignatures.verify(security.trustedKeys(), o.tenant(), o.gatewayId(), a.handlerId, a.method,
                    (Long) issued, (String) nonce, (String) key, requestBytes, signature);
        } catch (VerificationException e) {
            return e.getMessage() + " (signed for tenant " + o.tenant() + ", gateway " + o.gatewayId() + ", handler "
                    + a.handlerId + ", method " + a.method + "?)";
        }
        a.keyId = (String) key;
        long now = clock.getAsLong();
        long age = now - (Long) issued;
        if (age > security.maxAgeMillis()) {
            return "stale: issued " + age / 1000 + " s ago, more than commands.max.age.s=" + security.maxAgeMillis() / 1000;
        }
        if (-age > security.clockSkewMillis()) {
            return "issued " + (-age) / 1000 + " s in the future, more than commands.clock.skew.s="
                    + security.clockSkewMillis() / 1000;
        }
        switch (nonces.record((String) key, (String) nonce, (Long) issued + security.maxAgeMillis() + 1)) {
        case REPLAYED:
            return "replayed: nonce " + nonce + " of key '" + key + "' was used already";
        case FULL:
            return "busy: " + security.nonceCacheSize() + " nonces of recent commands are remembered"
                    + " (commands.nonce.cache.size); try again later";
        default:
            return null;
        }
    }

    /** Compares the {@code commands.token} in constant time. */
    static boolean tokenMatches(String expected, Object given) {
        if (!(given instanceof String)) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                ((String) given).getBytes(StandardCharsets.UTF_8));
    }
}
