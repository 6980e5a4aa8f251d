package io.aiosedge.learning.cloud.internal;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.message.KuraPayload;

/**
 * The cloud side of the learning loop as the drift benchmark runs it: the real {@link Trainer} component (buffer,
 * {@link FineTuner}, {@link ReplayMixer}, {@link PromotionRule}, {@link VersionHistory}, {@link io.aiosedge.api.learning.ModelOffers}) with
 * its metatype defaults except the settings given, behind an in-memory cloud endpoint: uploads are handed to its
 * subscription as the broker would, and what it publishes (the promoted versions' signed-or-not archives) is kept
 * for the benchmark to install on its gateway engine.
 */
public final class DriftTrainer implements AutoCloseable {

    /**
     * One fine-tuning run.
     *
     * @param version the version made, e.g. {@code v2}
     * @param fresh new examples trained on
     * @param replayed replayed examples trained on
     * @param f1Old validation F1 on the old-condition slice
     * @param f1New validation F1 on the held-out new examples
     * @param f1Overall validation F1 on both
     * @param deployedOverall the deployed version's overall F1 on the same set
     * @param promoted whether the promotion rule promoted it
     * @param reason the rule's reason, with the figures
     * @param archive the pushed model archive (zip), null when not promoted
     * @param sha256 the archive's SHA-256 as pushed, null when not promoted
     */
    public record Run(String version, int fresh, int replayed, double f1Old, double f1New, double f1Overall,
            double deployedOverall, boolean promoted, String reason, byte[] archive, String sha256) {
    }

    private final Endpoint endpoint = new Endpoint();
    private final Trainer trainer;
    private final int minNewExamples;

    /**
     * @param initialModel the deployed model's trainable SavedModel (the build's {@code edge-float/})
     * @param oldData old-condition windows ({@link #writeOldData})
     * @param work the trainer's work folder (empty or absent)
     * @param settings metatype properties that differ from the component's defaults, e.g. {@code min.interval.s}
     */
    public DriftTrainer(Path initialModel, Path oldData, Path work, Map<String, Object> settings) throws IOException {
        Map<String, Object> values = new HashMap<>(settings);
        values.put("initial.model.directory", initialModel.toString());
        values.put("old.data.file", oldData.toString());
        values.put("work.directory", work.toString());
        Trainer.Config config = config(values);
        this.minNewExamples = config.min_new_examples();
        this.trainer = new Trainer(TrainerOptions.from(config, work), endpoint);
    }

    /** Writes labelled windows in the trainer's old-condition format. */
    public static void writeOldData(Path file, float[][] windows, int[] labels) throws IOException {
        LabelledWindowFile.write(file, windows, labels);
    }

    /** Hands one upload to the trainer's subscription, as arriving on {@code topic}. */
    public void deliver(String topic, KuraPayload payload) {
        KuraMessage message = new KuraMessage(payload, Map.of("topic", topic));
        endpoint.listeners.forEach(l -> l.onMessageArrived(message));
    }

    /** @return examples in the buffer not trained on yet */
    public long newExamples() throws Exception {
        return trainer.status().newExamples();
    }

    /** @return examples the buffer holds */
    public int buffered() throws Exception {
        return trainer.status().buffered();
    }

    /**
     * Runs when {@code min.new.examples} new examples arrived (the component's scheduled check, with
     * {@code min.interval.s} as configured, does the same; here the benchmark's clock decides when to look).
     */
    public Optional<Run> runIfDue() throws Exception {
        if (newExamples() < minNewExamples) {
            return Optional.empty();
        }
        int before = endpoint.published.size();
        Optional<ModelVersion> made = trainer.runNow();
        if (made.isEmpty()) {
            return Optional.empty();
        }
        ModelVersion v = made.get();
        byte[] archive = null;
        String sha = null;
        if (endpoint.published.size() > before) {
            KuraPayload offer = endpoint.published.get(endpoint.published.size() - 1).getPayload();
            archive = offer.getBody();
            sha = String.valueOf(offer.getMetric("sha256"));
        }
        return Optional.of(new Run(v.name(), v.freshExamples(), v.replayedExamples(), v.scores().old(),
                v.scores().fresh(), v.scores().overall(), v.deployedScores().overall(), v.promoted(), v.reason(),
                archive, sha));
    }

    @Override
    public void close() throws Exception {
        trainer.deactivate();
    }

    /** The component's Config: each method answers the property DS would map to it, else its default. */
    private static Trainer.Config config(Map<String, Object> values) {
        return (Trainer.Config) Proxy.newProxyInstance(Trainer.Config.class.getClassLoader(),
                new Class<?>[] {Trainer.Config.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(values, args);
                    }
                    String name = method.getName().replace('_', '.');
                    Object value = values.get(name);
                    if (value == null) {
                        return method.getDefaultValue();
                    }
                    return value instanceof String text ? convert(name, text, method.getReturnType()) : value;
                });
    }

    /** A setting given as text (the benchmark's {@code trainer.<property>=<value>}) in the property's type. */
    private static Object convert(String name, String text, Class<?> type) {
        try {
            if (type == int.class) {
                return Integer.parseInt(text.trim());
            }
            if (type == long.class) {
                return Long.parseLong(text.trim());
            }
            if (type == double.class) {
                return Double.parseDouble(text.trim());
            }
            if (type == boolean.class) {
                return Boolean.parseBoolean(text.trim());
            }
            return text;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trainer setting " + name + " takes a " + type.getSimpleName()
                    + ", not '" + text + "'");
        }
    }

    /** @return the names of the trainer's settings (its metatype properties) */
    public static List<String> settingNames() {
        return java.util.Arrays.stream(Trainer.Config.class.getDeclaredMethods())
                .map(m -> m.getName().replace('_', '.')).sorted().toList();
    }

    /** A cloud endpoint in memory: subscribers get what {@link #deliver} hands them, publishes are kept. */
    private static final class Endpoint implements CloudEndpoint {
        final List<CloudSubscriberListener> listeners = new CopyOnWriteArrayList<>();
        final List<KuraMessage> published = new CopyOnWriteArrayList<>();

        @Override
        public String publish(KuraMessage message) {
            published.add(message);
            return "push-" + published.size();
        }

        @Override
        public void registerSubscriber(Map<String, Object> properties, CloudSubscriberListener listener) {
            listeners.add(listener);
        }

        @Override
        public void unregisterSubscriber(CloudSubscriberListener listener) {
            listeners.remove(listener);
        }

        @Override
        public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
        }

        @Override
        public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
        }
    }
}
