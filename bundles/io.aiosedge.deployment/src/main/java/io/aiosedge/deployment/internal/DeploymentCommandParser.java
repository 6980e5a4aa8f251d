package io.aiosedge.deployment.internal;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandlerMessageConstants;
import org.eclipse.kura.message.KuraPayload;
import org.osgi.framework.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.security.ArtifactSignatures;
import io.aiosedge.api.security.VerificationException;

/**
 * Turns a deploy command into a {@link DeploymentOperation}, or refuses it at once: BAD_REQUEST naming the missing
 * or malformed metric (sha256, url or payload, version, name, force, the EXEC argument), SECURITY_EXCEPTION when
 * the package's origin is not proven (its announced SHA-256 must carry a signature by a trusted key, unless unsigned
 * packages are allowed), and the refusal of {@link GatewayPackages} for a package that may not be uninstalled.
 * Operation ids are {@code op-<n>}, counted per handler.
 *
 * <p>Thread-safe: called on the cloud connector's threads, possibly at once; its only mutable state is the id
 * counter (atomic). No lock or thread.
 */
final class DeploymentCommandParser {

    // Logs under the handler's name, as it did before the parser was split out of it.
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentCommandHandler.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final HandlerOptions options;
    private final DeploymentOperation.Environment environment;
    private final AtomicLong sequence = new AtomicLong();

    DeploymentCommandParser(HandlerOptions options, DeploymentOperation.Environment environment) {
        this.options = options;
        this.environment = environment;
    }

    /** An install (or upgrade) from metric {@code url} or the payload's body, checked by {@code sha256}. */
    DeploymentOperation parseInstall(KuraMessage request) throws KuraException {
        KuraPayload payload = payloadOf(request);
        String sha256 = text(payload, "sha256");
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw badRequest("metric 'sha256' must be the package's SHA-256 as 64 hex digits, got '" + sha256 + "'");
        }
        String url = text(payload, "url");
        byte[] body = payload.getBody();
        boolean hasBody = body != null && body.length > 0;
        if (url != null && hasBody) {
            throw badRequest("send either metric 'url' or the package as payload, not both");
        }
        if (url == null && !hasBody) {
            throw badRequest("metric 'url' (one of " + this.options.urlSchemes() + ") or the package as payload is required");
        }
        checkOrigin(sha256.toLowerCase(Locale.ROOT), text(payload, "signature"));
        String version = text(payload, "version");
        Version expectedVersion = null;
        if (version != null) {
            try {
                expectedVersion = Version.parseVersion(version);
            } catch (IllegalArgumentException e) {
                throw badRequest("metric 'version' '" + version + "' is not an OSGi version");
            }
        }
        return DeploymentOperation.install(nextId(), requestIdOf(request), url == null ? null : parseUrl(url),
                hasBody ? body.clone() : null, sha256.toLowerCase(Locale.ROOT), text(payload, "name"), expectedVersion,
                this.environment);
    }

    /**
     * The package's origin: its announced SHA-256 must carry a detached signature by a key of
     * {@code artifacts.trusted.keys}; the fetcher then checks the bytes against that SHA-256 before anything reads
     * them, so no byte of an unsigned package reaches DeploymentAdmin.
     */
    private void checkOrigin(String sha256, String signature) throws KuraException {
        if (signature == null) {
            if (this.options.allowUnsigned()) {
                LOG.warn("installing an UNSIGNED package (sha256 {}) because deploy.allow.unsigned=true", sha256);
                return;
            }
            throw new KuraException(KuraErrorCode.SECURITY_EXCEPTION, "deploy: the package has no signature: send"
                    + " the content of its .sig file (aios-sign sign-file) as metric 'signature'; unsigned packages"
                    + " are refused unless deploy.allow.unsigned=true; nothing was installed");
        }
        if (this.options.trustedKeys().isEmpty()) {
            throw new KuraException(KuraErrorCode.SECURITY_EXCEPTION, "deploy: no key may sign packages: set"
                    + " artifacts.trusted.keys of " + DeploymentCommandHandler.PID + "; nothing was installed");
        }
        try {
            String keyId = ArtifactSignatures.verify(this.options.trustedKeys(), sha256, signature);
            LOG.info("package {} signed by key '{}'", sha256, keyId);
        } catch (VerificationException e) {
            throw new KuraException(KuraErrorCode.SECURITY_EXCEPTION, "deploy: the package's signature is refused: "
                    + e.getMessage() + "; nothing was installed");
        }
    }

    private URL parseUrl(String url) throws KuraException {
        URL parsed;
        try {
            parsed = new URL(url);
        } catch (MalformedURLException e) {
            throw badRequest("metric 'url' '" + url + "' is not a URL: " + e.getMessage());
        }
        String scheme = parsed.getProtocol().toLowerCase(Locale.ROOT);
        if (!this.options.urlSchemes().contains(scheme)) {
            throw badRequest("metric 'url' '" + url + "': scheme '" + scheme + "' is not allowed; allowed: "
                    + this.options.urlSchemes() + " (property url.schemes)");
        }
        return parsed;
    }

    /** An uninstall of the package named by metric {@code name} ({@code force} optional). */
    DeploymentOperation parseUninstall(KuraMessage request) throws KuraException {
        KuraPayload payload = payloadOf(request);
        String name = text(payload, "name");
        if (name == null) {
            throw badRequest("metric 'name' (the package's symbolic name) is required to uninstall");
        }
        String force = text(payload, "force");
        if (force != null && !force.equalsIgnoreCase("true") && !force.equalsIgnoreCase("false")) {
            throw badRequest("metric 'force' must be true or false, got '" + force + "'");
        }
        boolean forced = Boolean.parseBoolean(force);
        try {
            this.environment.packages.checkUninstallable(name, forced);
        } catch (CommandRefused e) {
            throw e.toKuraException();
        }
        return DeploymentOperation.uninstall(nextId(), requestIdOf(request), name, forced, this.environment);
    }

    private String nextId() {
        return "op-" + this.sequence.incrementAndGet();
    }

    /** The EXEC verb (Kura's first argument), lower case, or null when there is none. */
    static String firstArgument(KuraMessage request) {
        Object args = request == null || request.getProperties() == null ? null
                : request.getProperties().get(RequestHandlerMessageConstants.ARGS_KEY.value());
        if (args instanceof List && !((List<?>) args).isEmpty()) {
            return String.valueOf(((List<?>) args).get(0)).trim().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private static KuraPayload payloadOf(KuraMessage request) throws KuraException {
        if (request == null || request.getPayload() == null) {
            throw badRequest("the command has no payload");
        }
        return request.getPayload();
    }

    private static String text(KuraPayload payload, String metric) {
        Object value = payload.getMetric(metric);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        return value.toString().trim();
    }

    private static String requestIdOf(KuraMessage request) {
        Object id = request.getProperties() == null ? null : request.getProperties().get("request.id");
        return id == null ? null : id.toString();
    }

    private static KuraException badRequest(String message) {
        return new KuraException(KuraErrorCode.BAD_REQUEST, "deploy: " + message);
    }
}
