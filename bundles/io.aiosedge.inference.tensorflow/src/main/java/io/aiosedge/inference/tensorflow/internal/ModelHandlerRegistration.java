package io.aiosedge.inference.tensorflow.internal;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine's cloud request handler for model pushes ({@link ModelRequestHandler}), published twice: as a
 * {@link RequestHandler} service with {@value ModelRequestHandler#ID_PROPERTY} = the handler id and
 * {@code aios.engine.pid} = the instance, and registered under that id with every Kura
 * {@link RequestHandlerRegistry} service while it is there. Belongs to one activation: opened by the engine's
 * constructor, closed by its deactivation.
 *
 * <p>The registry tracker's callbacks run on the framework's threads; the handle itself holds no lock and starts
 * no thread.
 */
final class ModelHandlerRegistration {

    // Logs under the engine's name, as it did before the registration was split out of it.
    private static final Logger LOG = LoggerFactory.getLogger(TensorFlowInferenceEngine.class);

    private final ServiceRegistration<RequestHandler> registration;
    private final ServiceTracker<RequestHandlerRegistry, RequestHandlerRegistry> registries;

    private ModelHandlerRegistration(ServiceRegistration<RequestHandler> registration,
            ServiceTracker<RequestHandlerRegistry, RequestHandlerRegistry> registries) {
        this.registration = registration;
        this.registries = registries;
    }

    /**
     * Publishes the catalog's request handler, downloading pushed archives into {@code downloads}.
     *
     * @param requestHandlerId the handler id; null or blank: none
     * @return the open registration, or null outside OSGi ({@code context} null) or without a handler id
     */
    static ModelHandlerRegistration open(BundleContext context, String requestHandlerId, ModelCatalog catalog,
            Path downloads, ModelPolicy modelPolicy, String instanceName) {
        String handlerId = requestHandlerId == null ? "" : requestHandlerId.trim();
        if (context == null || handlerId.isEmpty()) {
            return null;
        }
        ModelRequestHandler handler = new ModelRequestHandler(catalog, downloads, modelPolicy);
        if (modelPolicy.allowUnsigned()) {
            LOG.warn("engine '{}': models.allow.unsigned=true: model archives without a signature will be"
                    + " installed by cloud command", instanceName);
        }
        Dictionary<String, Object> handlerProperties = new Hashtable<>();
        handlerProperties.put(ModelRequestHandler.ID_PROPERTY, handlerId);
        handlerProperties.put("aios.engine.pid", instanceName);
        ServiceRegistration<RequestHandler> registration = context.registerService(RequestHandler.class, handler,
                handlerProperties);
        ServiceTracker<RequestHandlerRegistry, RequestHandlerRegistry> registries = new ServiceTracker<>(context,
                RequestHandlerRegistry.class, null) {
            @Override
            public RequestHandlerRegistry addingService(ServiceReference<RequestHandlerRegistry> reference) {
                RequestHandlerRegistry registry = super.addingService(reference);
                try {
                    registry.registerRequestHandler(handlerId, handler);
                } catch (KuraException | RuntimeException e) {
                    LOG.warn("engine '{}': cannot register request handler '{}': {}", instanceName, handlerId,
                            e.getMessage());
                }
                return registry;
            }

            @Override
            public void removedService(ServiceReference<RequestHandlerRegistry> reference,
                    RequestHandlerRegistry registry) {
                try {
                    registry.unregister(handlerId);
                } catch (KuraException | RuntimeException e) {
                    LOG.debug("engine '{}': unregistering request handler '{}': {}", instanceName, handlerId,
                            e.getMessage());
                }
                super.removedService(reference, registry);
            }
        };
        registries.open();
        return new ModelHandlerRegistration(registration, registries);
    }

    /** Takes the handler out of every registry, then withdraws its service. */
    void close() {
        this.registries.close();
        try {
            this.registration.unregister();
        } catch (IllegalStateException e) {
            // Already gone with the bundle.
        }
    }
}
