package io.aiosedge.api.cloud;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service of a node that executes offloaded tasks (a cloud worker, or a gateway serving its
 * peers). Register it with the service property {@value #CAPABILITY_PROPERTY} naming the capability it
 * serves; the cloud-sync connector then consumes {@code $share/<group>/aios/v1/<tenant>/offload/<capability>}
 * and replies with what {@link #handle} returns. Expired and duplicate requests never reach the handler.
 */
@ConsumerType
public interface OffloadHandler {

    /** Service property naming the served capability, e.g. {@code inference}. */
    String CAPABILITY_PROPERTY = "aios.offload.capability";

    /**
     * Executes one request. Called on a connector worker thread, never on the MQTT client's thread; may
     * throw, in which case the reply has status {@link OffloadReply.Status#ERROR} and the exception message.
     */
    OffloadReply handle(OffloadRequest request) throws Exception;
}
