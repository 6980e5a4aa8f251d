package io.aiosedge.inference.tensorflow.internal;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.security.ArtifactSignatures;
import io.aiosedge.api.security.TrustedKeys;
import io.aiosedge.api.security.VerificationException;

/**
 * What a model archive pushed by cloud command must satisfy: its origin (a detached signature over its announced
 * SHA-256 by a key of {@code artifacts.trusted.keys}, the format of {@link ArtifactSignatures}, written by
 * {@code aios-sign sign-file}) and the caps of its unpacking. Model bundles of Deployment Packages and local loads
 * ({@code aios:loadmodel}, configured folders) are not subject to it: those are checked by the package's own
 * signature or are the local administrator's.
 *
 * @param trustedKeys the keys that may sign model archives
 * @param allowUnsigned the explicit opt-in to archives without a signature ({@code models.allow.unsigned})
 * @param limits the caps of unpacking
 */
record ModelPolicy(TrustedKeys trustedKeys, boolean allowUnsigned, ModelArchive.Limits limits) {

    private static final Logger LOG = LoggerFactory.getLogger(ModelPolicy.class);

    /** No key trusted, unsigned refused, the default caps: what an engine without configuration does. */
    static final ModelPolicy STRICT = new ModelPolicy(TrustedKeys.none(), false, ModelArchive.Limits.DEFAULT);

    /**
     * @throws IllegalArgumentException naming the property and the bad value
     */
    static ModelPolicy from(TensorFlowInferenceEngine.Config config) {
        TrustedKeys keys = TrustedKeys.parse(config.artifacts_trusted_keys(), "artifacts.trusted.keys");
        long bytes = config.models_max_unpacked_bytes();
        if (bytes < 1) {
            throw new IllegalArgumentException("models.max.unpacked.bytes: " + bytes + " is not at least 1");
        }
        int entries = config.models_max_entries();
        if (entries < 1) {
            throw new IllegalArgumentException("models.max.entries: " + entries + " is not at least 1");
        }
        return new ModelPolicy(keys, config.models_allow_unsigned(), new ModelArchive.Limits(bytes, entries));
    }

    /**
     * Checks the origin of an archive from what the command announces, before a byte of it is fetched or written.
     *
     * @param model the model's name, for the messages
     * @param sha256 the announced SHA-256 of the archive (the engine checks the bytes against it before unpacking)
     * @param signature the command's {@code signature} metric, null when absent
     * @throws KuraException SECURITY_EXCEPTION naming the reason and what to set; nothing is installed
     */
    void checkOrigin(String model, String sha256, String signature) throws KuraException {
        if (signature == null || signature.isBlank()) {
            if (this.allowUnsigned) {
                LOG.warn("model '{}': installing an UNSIGNED archive (sha256 {}) because models.allow.unsigned=true",
                        model, sha256);
                return;
            }
            throw new KuraException(KuraErrorCode.SECURITY_EXCEPTION, "model '" + model + "': the archive has no"
                    + " signature: send the content of its .sig file (aios-sign sign-file) as metric 'signature';"
                    + " unsigned archives are refused unless models.allow.unsigned=true; nothing was installed");
        }
        if (this.trustedKeys.isEmpty()) {
            throw new KuraException(KuraErrorCode.SECURITY_EXCEPTION, "model '" + model + "': no key may sign model"
                    + " archives: set artifacts.trusted.keys of the engine (" + TensorFlowInferenceEngine.PID
                    + "); nothing was installed");
        }
        try {
            String keyId = ArtifactSignatures.verify(this.trustedKeys, sha256, signature);
            LOG.info("model '{}': archive {} signed by key '{}'", model, sha256, keyId);
        } catch (VerificationException e) {
            throw new KuraException(KuraErrorCode.SECURITY_EXCEPTION, "model '" + model + "': the archive's"
                    + " signature is refused: " + e.getMessage() + "; nothing was installed");
        }
    }
}
