package org.eclipse.kura.message;

import java.text.ParseException;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraRequestPayload}: a payload carrying a request id and the requester's client id. */
@ProviderType
public class KuraRequestPayload extends KuraPayload {

    public static final String METRIC_REQUEST_ID = "request.id";
    public static final String REQUESTER_CLIENT_ID = "requester.client.id";

    public KuraRequestPayload() {
        super();
    }

    /** @param payload a payload whose timestamp, position, metrics and body are copied */
    public KuraRequestPayload(KuraPayload payload) {
        this();
        copy(payload, this);
    }

    public String getRequestId() {
        return (String) getMetric(METRIC_REQUEST_ID);
    }

    public void setRequestId(String requestId) {
        addMetric(METRIC_REQUEST_ID, requestId);
    }

    public String getRequesterClientId() {
        return (String) getMetric(REQUESTER_CLIENT_ID);
    }

    public void setRequesterClientId(String requesterClientId) {
        addMetric(REQUESTER_CLIENT_ID, requesterClientId);
    }

    /**
     * @param payload a payload, not null
     * @return a request payload copying it
     * @throws ParseException if the payload has no {@value #METRIC_REQUEST_ID} or no
     *             {@value #REQUESTER_CLIENT_ID} metric
     */
    public static KuraRequestPayload buildFromKuraPayload(KuraPayload payload) throws ParseException {
        if (payload.getMetric(METRIC_REQUEST_ID) == null) {
            throw new ParseException("Not a valid request payload: missing metric " + METRIC_REQUEST_ID, 0);
        }
        if (payload.getMetric(REQUESTER_CLIENT_ID) == null) {
            throw new ParseException("Not a valid request payload: missing metric " + REQUESTER_CLIENT_ID, 0);
        }
        return new KuraRequestPayload(payload);
    }

    private static void copy(KuraPayload from, KuraPayload to) {
        to.setTimestamp(from.getTimestamp());
        to.setPosition(from.getPosition());
        from.metrics().forEach(to::addMetric);
        to.setBody(from.getBody());
    }
}
