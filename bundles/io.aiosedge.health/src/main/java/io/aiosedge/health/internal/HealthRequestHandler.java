package io.aiosedge.health.internal;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.message.KuraPayload;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.aiosedge.api.cloud.RequestHandlers;

/**
 * Cloud command {@code health} (GET, on {@code aios/v1/<tenant>/<gateway>/commands/health}): the AIOS health
 * checks as metrics, {@code health.status} (the overall status) and per check {@code health.<name>.status} and
 * {@code .message}. A whiteboard handler of the AIOS cloud endpoint, next to its built-in {@code status}.
 */
@Component(service = RequestHandler.class, property = HealthRequestHandler.HANDLER_ID_PROPERTY + "="
        + HealthRequestHandler.ID)
public final class HealthRequestHandler implements RequestHandler {

    /** The endpoint dispatches commands to whiteboard handlers by this service property. */
    static final String HANDLER_ID_PROPERTY = RequestHandlers.ID_PROPERTY;
    static final String ID = "health";

    private final HealthRunner runner;

    @Activate
    public HealthRequestHandler(@Reference HealthRunner runner) {
        this.runner = runner;
    }

    @Override
    public KuraMessage doGet(RequestHandlerContext context, KuraMessage request) {
        KuraPayload payload = new KuraPayload();
        runner.run(null).metrics().forEach(payload::addMetric);
        return new KuraMessage(payload);
    }
}
