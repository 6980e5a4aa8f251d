package io.aiosedge.cloudsync.mqtt.internal;

import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.message.KuraPayload;

/**
 * Built-in command {@code status} (GET): the endpoint's connection, outbox and link state as metrics (the same
 * figures as {@code aios:cloudstatus}).
 */
final class StatusRequestHandler implements RequestHandler {

    static final String ID = "status";

    private final Supplier<Map<String, Object>> status;

    StatusRequestHandler(Supplier<Map<String, Object>> status) {
        this.status = status;
    }

    @Override
    public KuraMessage doGet(RequestHandlerContext context, KuraMessage request) {
        KuraPayload payload = new KuraPayload();
        status.get().forEach(payload::addMetric);
        return new KuraMessage(payload);
    }
}
