package io.aiosedge.federated.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.message.KuraMessage;

import io.aiosedge.api.learning.ModelOffers;
import io.aiosedge.models.learning.Int8Export;
import io.aiosedge.models.learning.TrainableModel;

/**
 * Pushes each new global version to the gateways as a model offer ({@link ModelOffers}) through the coordinator's
 * cloud endpoint, the path io.aiosedge.learning.ModelUpdates installs from (the engine checks the signature and the
 * SHA-256, then hot-swaps). The version is named {@value #VERSION_PREFIX}{@code <n>}, so a gateway tells a federated
 * version from one of the incremental trainer ({@code v<n>}). With {@code int8} the offer carries the int8 form
 * ({@link Int8Export}, written next to the trainable folder as {@code v<n>-int8/}); otherwise the trainable folder,
 * which serves too.
 *
 * <p>Runs on the coordinator's thread.
 */
final class OfferPush implements ModelPush {

    static final String VERSION_PREFIX = "fed-";

    private final CloudEndpoint endpoint;
    private final String topic;
    private final boolean retain;
    private final ModelOffers.SigningKey key;
    private final boolean int8;

    /**
     * @param topic the offers' topic; {@code #{model}} is replaced by the model name
     * @param key the signing key, or null for unsigned offers (gateways then need {@code models.allow.unsigned})
     */
    OfferPush(CloudEndpoint endpoint, String topic, boolean retain, ModelOffers.SigningKey key, boolean int8) {
        this.endpoint = endpoint;
        this.topic = Checks.text("push.topic", topic);
        this.retain = retain;
        this.key = key;
        this.int8 = int8;
    }

    /** Builds the component's push from its settings; a missing or broken key file fails activation, naming it. */
    static OfferPush from(Coordinator.Config c, CloudEndpoint endpoint) throws IOException {
        String file = c.signing_key_file() == null ? "" : c.signing_key_file().trim();
        ModelOffers.SigningKey key = file.isEmpty() ? null : ModelOffers.SigningKey.read(Path.of(file),
                c.signing_key_id());
        return new OfferPush(endpoint, c.push_topic(), c.push_retain(), key, c.push_int8());
    }

    @Override
    public void push(String model, int version, TrainableModel trained, Path savedModel, Map<String, Object> scores)
            throws Exception {
        Path form = savedModel;
        if (int8) {
            form = savedModel.resolveSibling(savedModel.getFileName() + "-int8");
            if (!Files.exists(form.resolve("saved_model.pb"))) {
                Int8Export.write(trained, form);
            }
        }
        KuraMessage offer = ModelOffers.offer(model, VERSION_PREFIX + version, System.currentTimeMillis(), scores,
                form, key, topic.replace("#{model}", model), retain);
        endpoint.publish(offer);
    }

    @Override
    public String describe() {
        return (int8 ? "int8" : "trainable") + " form to " + topic + (retain ? " (retained)" : "")
                + (key == null ? ", unsigned" : ", signed by " + key.keyId());
    }
}
