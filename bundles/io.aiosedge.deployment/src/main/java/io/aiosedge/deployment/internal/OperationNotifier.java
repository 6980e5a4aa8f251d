package io.aiosedge.deployment.internal;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudNotificationPublisher;
import org.eclipse.kura.message.KuraPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the sender of each deploy command how its operation goes: the command context's
 * {@link CloudNotificationPublisher} is kept by operation id when the command is accepted, and every state of the
 * operation is published through it as a notification (operation, request.id, kind, state and the state's details;
 * properties handler and app.id = the handler id), until a final state, after which it is forgotten. A failed
 * notification is logged, never thrown.
 *
 * <p>Thread-safe: the publishers are kept in a map guarded by its own monitor (as in the handler before the notifier
 * was split out of it); publishing happens outside it, on the worker thread or the caller's. No thread of its own.
 */
final class OperationNotifier {

    // Logs under the handler's name, as it did before the notifier was split out of it.
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentCommandHandler.class);

    private final String handlerId;
    private final Map<String, CloudNotificationPublisher> notifiers = new HashMap<>();

    OperationNotifier(String handlerId) {
        this.handlerId = handlerId;
    }

    /** Keeps where the operation's notifications go; null: nowhere. */
    void expect(String operationId, CloudNotificationPublisher publisher) {
        synchronized (this.notifiers) {
            this.notifiers.put(operationId, publisher);
        }
    }

    /** Publishes the operation's state to its sender, if it has one. */
    void publish(DeploymentOperation operation, DeploymentOperation.State state, Map<String, Object> details) {
        CloudNotificationPublisher notifier;
        synchronized (this.notifiers) {
            notifier = state.isFinal() ? this.notifiers.remove(operation.id()) : this.notifiers.get(operation.id());
        }
        if (notifier == null) {
            return;
        }
        KuraPayload payload = new KuraPayload();
        payload.addMetric("operation", operation.id());
        if (operation.requestId() != null) {
            payload.addMetric("request.id", operation.requestId());
        }
        payload.addMetric("kind", operation.kind().name());
        payload.addMetric("state", state.name());
        details.forEach(payload::addMetric);
        Map<String, Object> properties = new HashMap<>();
        properties.put("handler", this.handlerId);
        properties.put("app.id", this.handlerId);
        try {
            notifier.publish(new KuraMessage(payload, properties));
        } catch (KuraException | RuntimeException e) {
            LOG.warn("deployment operation {}: notification {} not published: {}", operation.id(), state, e.toString());
        }
    }
}
