package io.aiosedge.api.cloud;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Request/reply over the broker (service of the cloud-sync connector). Requests are published to
 * {@code aios/v1/<tenant>/offload/<capability>}; replies come back on {@code aios/v1/<tenant>/<gateway-id>/replies}
 * and are matched by task id. A duplicate reply is ignored.
 */
@ProviderType
public interface OffloadClient {

    /**
     * Sends a request. The returned stage completes with the reply, or exceptionally with a
     * {@link java.util.concurrent.TimeoutException} when no reply arrives within {@code timeout}, or with
     * {@code org.eclipse.kura.KuraNotConnectedException} / {@code KuraStoreException} when the request cannot
     * be sent at all. It never blocks longer than it takes to store the request.
     */
    CompletionStage<OffloadReply> request(OffloadRequest request, Duration timeout);
}
