package io.aiosedge.learning.cloud.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;

import io.aiosedge.api.security.ArtifactSignatures;
import io.aiosedge.api.security.Ed25519Keys;

/**
 * A promoted version as the gateways receive it: the SavedModel folder as a zip (entries under {@code model/},
 * sorted, fixed times, so the same folder gives the same bytes), its SHA-256 (the digest the engine's {@code models}
 * handler checks: {@code sha256sum} of the zip) and, with a signing key, its detached signature made by
 * {@link ArtifactSignatures#sign}, the code {@code aios-sign sign-file} uses. The message carries exactly the
 * metrics of the engine's {@code models} command ({@code model}, {@code version}, {@code sha256},
 * {@code signature}) plus the version's scores, and the zip as its body.
 */
final class ModelOffers {

    static final String FORMAT = "aios-model-offer/1";
    /** Largest archive sent in a message: the engine's handler takes bodies, a broker's limit is the real bound. */
    static final long MAX_ARCHIVE_BYTES = 64L << 20;

    /** A signing key and the id the gateways know it by. */
    record SigningKey(String keyId, PrivateKey key) {

        /**
         * Reads a PKCS#8 Ed25519 key as {@code aios-sign keygen} writes it; the id defaults to the file name
         * without {@code .pk8}, as in {@code aios-sign}.
         */
        static SigningKey read(Path file, String keyId) throws IOException {
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
            if (!Ed25519Keys.KEY_ID.matcher(id).matches()) {
                throw new IOException("signing key id '" + id + "' must match " + Ed25519Keys.KEY_ID.pattern());
            }
            return new SigningKey(id, key);
        }
    }

    private ModelOffers() {
    }

    /** @return the folder's files as a zip, deterministic */
    static byte[] zip(Path folder) throws IOException {
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

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Ed25519Keys.sha256(bytes));
    }

    /**
     * @param model the engine model name, e.g. {@code anomaly-edge}
     * @param version the version
     * @param folder the SavedModel folder in the gateways' form
     * @param key the signing key; null sends no signature (gateways then need {@code models.allow.unsigned})
     * @param topic the topic (or template) the gateways subscribe to
     * @param retain whether the broker keeps the offer for gateways that connect later
     */
    static KuraMessage offer(String model, ModelVersion version, Path folder, SigningKey key, String topic,
            boolean retain) throws IOException {
        byte[] zip = zip(folder);
        String sha256 = sha256(zip);
        KuraPayload payload = new KuraPayload();
        payload.setTimestamp(new java.util.Date(version.timeMillis()));
        payload.addMetric("format", FORMAT);
        payload.addMetric("model", model);
        payload.addMetric("version", version.name());
        payload.addMetric("sha256", sha256);
        if (key != null) {
            payload.addMetric("signature", ArtifactSignatures.sign(key.key(), key.keyId(), sha256));
        }
        payload.addMetric("f1", version.scores().overall());
        payload.addMetric("f1.old", version.scores().old());
        payload.addMetric("f1.new", version.scores().fresh());
        payload.addMetric("examples", version.freshExamples());
        payload.setBody(zip);
        return new KuraMessage(payload, Map.of("topic", topic, "qos", 1, "retain", retain, "priority", 4,
                "model", model));
    }
}
