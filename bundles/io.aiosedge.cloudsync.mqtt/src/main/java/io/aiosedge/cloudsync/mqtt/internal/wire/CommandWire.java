package io.aiosedge.cloudsync.mqtt.internal.wire;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandlerMessageConstants;
import org.eclipse.kura.message.KuraPayload;

/**
 * The wire format of inbound commands (README "Commands"): a request object ({@code id}, {@code reply},
 * {@code metrics}, {@code body} in base64, {@code args}) becomes the {@link KuraMessage} a Kura
 * {@code RequestHandler} takes, and its answer a plain JSON response object ({@code id}, {@code handler},
 * {@code status}, {@code error}, {@code metrics}, {@code body}) with an HTTP-like status.
 */
public final class CommandWire {

    /** Message property carrying the key id of a verified signed command to the handler ("-" when unsigned). */
    public static final String KEY_ID_PROPERTY = "auth.key.id";

    private CommandWire() {
    }

    /**
     * The handler's view of a request.
     *
     * @throws IllegalArgumentException naming the member that is not what the format says
     */
    public static KuraMessage toKuraMessage(Map<String, Object> request, String keyId) {
        KuraPayload payload = new KuraPayload();
        Object metrics = request.get("metrics");
        if (metrics != null && !(metrics instanceof Map)) {
            throw new IllegalArgumentException("'metrics' must be an object");
        }
        if (metrics != null) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) metrics).entrySet()) {
                Object value = e.getValue();
                if (value instanceof Map || value instanceof List) {
                    value = Json.write(value);
                }
                payload.addMetric(String.valueOf(e.getKey()), value);
            }
        }
        Object body = request.get("body");
        if (body instanceof String) {
            try {
                payload.setBody(Base64.getDecoder().decode((String) body));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'body' is not base64: " + e.getMessage());
            }
        }
        List<String> args = new ArrayList<>();
        Object rawArgs = request.get("args");
        if (rawArgs instanceof List) {
            ((List<?>) rawArgs).forEach(a -> args.add(String.valueOf(a)));
        } else if (rawArgs != null) {
            throw new IllegalArgumentException("'args' must be an array");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(RequestHandlerMessageConstants.ARGS_KEY.value(), args);
        properties.put("request.id", request.get("id"));
        properties.put(KEY_ID_PROPERTY, keyId);
        return new KuraMessage(payload, properties);
    }

    /**
     * The response object.
     *
     * @param request null when the command could not be read (the id is then null)
     * @param error null on success
     * @param response the handler's answer; null when refused or failed
     */
    public static Map<String, Object> response(Map<String, Object> request, String handlerId, int status, String error,
            KuraMessage response) {
        Map<String, Object> out = new LinkedHashMap<>();
        Object id = request == null ? null : request.get("id");
        out.put("id", id instanceof String ? id : null);
        out.put("handler", handlerId);
        out.put("status", status);
        if (error != null) {
            out.put("error", error);
        }
        if (response != null && response.getPayload() != null) {
            KuraPayload p = response.getPayload();
            Map<String, Object> metrics = new LinkedHashMap<>();
            p.metrics().forEach((k, v) -> metrics.put(k,
                    v instanceof byte[] ? Base64.getEncoder().encodeToString((byte[]) v) : v));
            out.put("metrics", metrics);
            if (p.getBody() != null) {
                out.put("body", Base64.getEncoder().encodeToString(p.getBody()));
            }
        }
        return out;
    }

    /**
     * Where the response goes: the request's {@code reply} when it is a topic name under this tenant's
     * {@code aios/v1/<tenant>/}, else {@code errorTopic}.
     */
    public static String replyTopic(Map<String, Object> request, String tenant, String errorTopic) {
        Object reply = request == null ? null : request.get("reply");
        if (reply instanceof String && ((String) reply).startsWith("aios/v1/" + tenant + "/")
                && !((String) reply).contains("+") && !((String) reply).contains("#")) {
            return (String) reply;
        }
        return errorTopic;
    }

    /** The response status of a handler's {@code KuraException}. */
    public static int statusOf(KuraErrorCode code) {
        if (code == null) {
            return 500;
        }
        switch (code) {
        case OPERATION_NOT_SUPPORTED:
            return 405;
        case BAD_REQUEST:
        case INVALID_PARAMETER:
        case CONFIGURATION_ATTRIBUTE_INVALID:
        case CONFIGURATION_REQUIRED_ATTRIBUTE_MISSING:
            return 400;
        case NOT_FOUND:
            return 404;
        case SECURITY_EXCEPTION:
            return 403;
        case SERVICE_UNAVAILABLE:
            return 503;
        default:
            return 500;
        }
    }
}
