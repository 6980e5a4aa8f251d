package io.aiosedge.api.cloud;

/**
 * The whiteboard contract of cloud commands: a Kura {@code RequestHandler} service with the property
 * {@value #ID_PROPERTY} (e.g. {@code deploy}) answers the commands on {@code aios/v1/<tenant>/<gateway>/commands/<id>}
 * of every AIOS cloud endpoint; the endpoint checks each command's signature before the handler sees it.
 *
 * @since 1.1
 */
public final class RequestHandlers {

    /** The service property naming a handler's command id (a single topic level). */
    public static final String ID_PROPERTY = "aios.request.handler.id";

    private RequestHandlers() {
    }
}
