package io.aiosedge.api.learning;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;

import io.aiosedge.api.security.ArtifactSignatures;
import io.aiosedge.api.security.Ed25519Keys;

/**
 * The model offer: a SavedModel folder as a zip (entries under {@code model/}, sorted, fixed times, so the same
 * folder gives the same bytes) in the body of a message whose metrics are exactly those of the engine's
 * {@code models} command — {@code model}, {@code version}, {@code sha256} (of the zip, as {@code sha256sum} prints
 * it) and, with a signing key, {@code signature} made by {@link ArtifactSignatures#sign} (what
 * {@code aios-sign sign-file} makes) — plus {@code format} = {@value #FORMAT} and the version's scores. The gateway's
 * engine checks the signature against its trusted keys and the zip against the SHA-256 before it reads the archive,
 * so an offer is only as trusted as its signing key.
 */
public final class ModelOffers {

    /** Value of the {@code format} metric. */
    public static final String FORMAT = "aios-model-offer/1";
    /** Largest archive an offer carries (a broker's message limit is usually the real bound). */
    public static final long MAX_ARCHIVE_BYTES = 64L << 20;
    /** What a version name may be: the engine keeps it as the model's version. */
    public static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** A signing key and the id the gateways know it by. */
    public record SigningKey(String keyId, PrivateKey key) {

        /** @throws IllegalArgumentException when the id does not match {@link Ed25519Keys#KEY_ID} or the key is null */
        public SigningKey {
            if (keyId == null || !Ed25519Keys.KEY_ID.matcher(keyId).matches()) {
                throw new IllegalArgumentException("signing key id '" + keyId + "' must match "
                        + Ed25519Keys.KEY_ID.pattern());
            }
            if (key == null) {
                throw new IllegalArgumentException("signing key '" + keyId + "' has no private key");
            }
        }

        /**
         * Reads a PKCS#8 Ed25519 key as {@code aios-sign keygen} writes it.
         *
         * @param file the {@code .pk8} file
         * @param keyId the id; null or blank: the file name without {@code .pk8}, as in {@code aios-sign}
         * @throws IOException naming the file when it is missing or not an Ed25519 key, or the id is not valid
         */
        public static SigningKey read(Path file, String keyId) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IOException("signing.key.file " + file + " does not exist");
            }
            PrivateKey key;
            try {
                key = Ed25519Keys.decodePrivate(Files.readAllBytes(file));
            } catch (IllegalArgumentException e) {
                throw new IOException("signing.key.file " + file + ": " + e.getMessage(), e);
            }
            String id = keyId == null || keyId.isBlank() ? file.getFileName().toString().replaceFirst("\\.pk8$", "")
                    : keyId.trim();
            try {
                return new SigningKey(id, key);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    private ModelOffers() {
    }

    /**
     * @return the folder's files as a zip, the same bytes for the same files
     * @throws IOException when the folder holds no {@code saved_model.pb} or zips to more than
     *         {@link #MAX_ARCHIVE_BYTES}
     */
    public static byte[] zip(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        if (files.stream().noneMatch(f -> f.getFileName().toString().equals("saved_model.pb"))) {
            throw new IOException("no saved_model.pb in " + folder);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Path file : files) {
                ZipEntry entry = new ZipEntry("model/" + folder.relativize(file).toString().replace('\\', '/'));
                entry.setTime(315_532_800_000L); // 1980-01-01, the zip format's first date
                out.putNextEntry(entry);
                Files.copy(file, out);
                out.closeEntry();
                if (bytes.size() > MAX_ARCHIVE_BYTES) {
                    throw new IOException(folder + " zips to more than " + MAX_ARCHIVE_BYTES + " bytes");
                }
            }
        }
        return bytes.toByteArray();
    }

    /** @return the lower-case hex SHA-256 of the bytes */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Ed25519Keys.sha256(bytes));
    }

    /**
     * Builds an offer.
     *
     * @param model the engine model name, e.g. {@code anomaly-edge}
     * @param version the version name ({@link #VERSION}), e.g. {@code v3} or {@code fed-12}
     * @param timeMillis when the version was made (the payload's timestamp)
     * @param scores extra metrics describing the version (e.g. {@code f1}); must not reuse a metric name of the
     *        format
     * @param folder the SavedModel folder in the form the gateways serve
     * @param key the signing key; null sends no signature (gateways then need {@code models.allow.unsigned})
     * @param topic the topic (or template) the gateways subscribe to
     * @param retain whether the broker keeps the offer for gateways that connect later
     * @throws IllegalArgumentException naming the model, version or score that is not valid
     * @throws IOException when the folder cannot be zipped
     */
    public static KuraMessage offer(String model, String version, long timeMillis, Map<String, Object> scores,
            Path folder, SigningKey key, String topic, boolean retain) throws IOException {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("an offer needs a model name");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version '" + version + "' must match " + VERSION.pattern());
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("format", FORMAT);
        metrics.put("model", model);
        metrics.put("version", version);
        byte[] zip = zip(folder);
        String sha256 = sha256(zip);
        metrics.put("sha256", sha256);
        if (key != null) {
            metrics.put("signature", ArtifactSignatures.sign(key.key(), key.keyId(), sha256));
        }
        for (Map.Entry<String, Object> score : scores.entrySet()) {
            if (metrics.containsKey(score.getKey()) || score.getKey().equals("signature")) {
                throw new IllegalArgumentException("score '" + score.getKey() + "' would replace the offer's own"
                        + " metric");
            }
            metrics.put(score.getKey(), score.getValue());
        }
        KuraPayload payload = new KuraPayload();
        payload.setTimestamp(new Date(timeMillis));
        metrics.forEach(payload::addMetric);
        payload.setBody(zip);
        return new KuraMessage(payload, Map.of("topic", topic, "qos", 1, "retain", retain, "priority", 4,
                "model", model));
    }

    /** @return whether the payload says it is an offer ({@code format} = {@value #FORMAT}) */
    public static boolean isOffer(KuraPayload payload) {
        return payload != null && FORMAT.equals(payload.getMetric("format"));
    }
}
