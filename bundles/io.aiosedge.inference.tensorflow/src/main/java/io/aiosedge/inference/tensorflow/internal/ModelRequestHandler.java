package io.aiosedge.inference.tensorflow.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.message.KuraResponsePayload;

import io.aiosedge.api.cloud.RequestHandlers;

/**
 * Cloud commands on models, for {@code aios/v1/<tenant>/<gateway>/commands/models}: the cloud connector
 * dispatches to the {@link RequestHandler} service whose {@value #ID_PROPERTY} is {@code models} (the id is a
 * setting of the engine), and Kura's own cloud stack reaches it through {@code RequestHandlerRegistry}.
 *
 * <ul>
 * <li>{@code PUT}/{@code POST}/{@code EXEC}: install a model. Metrics {@code model} (name), {@code sha256} (64 hex
 * digits of the package), optional {@code version}, and either {@code url} (a zip, fetched with the JVM's URL
 * handlers, at most {@value #MAX_DOWNLOAD_BYTES} bytes) or the zip as the payload body, and {@code signature}: the
 * archive's detached signature ({@code <key id>:<base64>}, the {@code .sig} file of {@code aios-sign sign-file})
 * by a key of the engine's {@code artifacts.trusted.keys}. The signature is checked against the announced
 * SHA-256 before anything is fetched or written, and the engine checks the bytes against that SHA-256 before it
 * unpacks them ({@link ModelPolicy}); unsigned archives are refused unless {@code models.allow.unsigned=true}. A
 * refusal or a digest mismatch is a KuraException naming the model and the reason; the previous version keeps
 * serving.</li>
 * <li>{@code DEL}: unload metric {@code model}.</li>
 * <li>{@code GET}: metric {@code models} lists the loaded models; {@code <name>.version} and
 * {@code <name>.signature} describe each.</li>
 * </ul>
 */
final class ModelRequestHandler implements RequestHandler {

    /** Service property naming the handler for the cloud connector's command dispatcher. */
    static final String ID_PROPERTY = RequestHandlers.ID_PROPERTY;
    /** Largest package fetched from a URL: 512 MiB. */
    static final long MAX_DOWNLOAD_BYTES = 512L << 20;

    private final ModelCatalog catalog;
    private final Path downloads;
    private final ModelPolicy policy;

    /**
     * @param catalog the engine
     * @param downloads folder for packages being received
     * @param policy the trusted keys and the opt-in to unsigned archives
     */
    ModelRequestHandler(ModelCatalog catalog, Path downloads, ModelPolicy policy) {
        this.catalog = catalog;
        this.downloads = downloads;
        this.policy = policy;
    }

    @Override
    public KuraMessage doGet(RequestHandlerContext context, KuraMessage request) {
        KuraResponsePayload response = new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK);
        StringBuilder names = new StringBuilder();
        for (ModelCatalog.ModelEntry entry : this.catalog.entries()) {
            names.append(names.length() == 0 ? "" : ",").append(entry.name());
            response.addMetric(entry.name() + ".version", entry.version());
            response.addMetric(entry.name() + ".signature", entry.signature());
            response.addMetric(entry.name() + ".source", entry.source().name());
        }
        response.addMetric("models", names.toString());
        return new KuraMessage(response);
    }

    @Override
    public KuraMessage doPut(RequestHandlerContext context, KuraMessage request) throws KuraException {
        return install(request);
    }

    @Override
    public KuraMessage doPost(RequestHandlerContext context, KuraMessage request) throws KuraException {
        return install(request);
    }

    @Override
    public KuraMessage doExec(RequestHandlerContext context, KuraMessage request) throws KuraException {
        return install(request);
    }

    @Override
    public KuraMessage doDel(RequestHandlerContext context, KuraMessage request) throws KuraException {
        String model = required(payload(request), "model");
        this.catalog.unload(model);
        KuraResponsePayload response = new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK);
        response.addMetric("model", model);
        return new KuraMessage(response);
    }

    private KuraMessage install(KuraMessage request) throws KuraException {
        KuraPayload payload = payload(request);
        String model = required(payload, "model");
        String sha256 = required(payload, "sha256");
        Object version = payload.getMetric("version");
        Object url = payload.getMetric("url");
        Object signature = payload.getMetric("signature");
        this.policy.checkOrigin(model, sha256.toLowerCase(java.util.Locale.ROOT),
                signature == null ? null : signature.toString());
        Path file = null;
        try {
            Files.createDirectories(this.downloads);
            file = Files.createTempFile(this.downloads, model + "-", ".zip");
            if (url != null && !url.toString().isBlank()) {
                download(model, url.toString(), file);
            } else if (payload.getBody() != null && payload.getBody().length > 0) {
                Files.write(file, payload.getBody());
            } else {
                throw new KuraException(KuraErrorCode.BAD_REQUEST,
                        "model '" + model + "': neither a url metric nor a zip body");
            }
            ModelCatalog.ModelEntry entry = this.catalog.install(model, version == null ? null : version.toString(),
                    file, sha256);
            KuraResponsePayload response = new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK);
            response.addMetric("model", entry.name());
            response.addMetric("version", entry.version());
            response.addMetric("signature", entry.signature());
            return new KuraMessage(response);
        } catch (IOException e) {
            throw new KuraException(KuraErrorCode.INTERNAL_ERROR, e, "model '" + model + "': " + e.getMessage());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // A leftover temporary file is harmless; the next install uses another name.
                }
            }
        }
    }

    private static void download(String model, String url, Path file) throws IOException, KuraException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = new URL(url).openStream(); OutputStream out = Files.newOutputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                total += read;
                if (total > MAX_DOWNLOAD_BYTES) {
                    throw new KuraException(KuraErrorCode.BAD_REQUEST, "model '" + model + "': " + url
                            + " is larger than " + MAX_DOWNLOAD_BYTES + " bytes");
                }
                out.write(buffer, 0, read);
            }
        }
    }

    private static KuraPayload payload(KuraMessage request) throws KuraException {
        if (request == null || request.getPayload() == null) {
            throw new KuraException(KuraErrorCode.BAD_REQUEST, "models command without payload");
        }
        return request.getPayload();
    }

    private static String required(KuraPayload payload, String metric) throws KuraException {
        Object value = payload.getMetric(metric);
        if (value == null || value.toString().isBlank()) {
            Map<String, Object> metrics = payload.metrics();
            throw new KuraException(KuraErrorCode.BAD_REQUEST, "models command: metric '" + metric
                    + "' is required; received " + metrics.keySet());
        }
        return value.toString().trim();
    }
}
