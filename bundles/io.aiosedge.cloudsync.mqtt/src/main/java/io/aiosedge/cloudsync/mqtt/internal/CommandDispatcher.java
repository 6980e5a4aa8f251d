package io.aiosedge.cloudsync.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudNotificationPublisher;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContextConstants;
import org.eclipse.kura.cloudconnection.request.RequestHandlerMessageConstants;
import org.eclipse.kura.message.KuraPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound commands on {@code aios/v1/<tenant>/<gateway-id>/commands/<handler>}, dispatched to Kura
 * {@link RequestHandler}s on one named thread (never Paho's).
 *
 * <p>Request (JSON, UTF-8): {@code {"id":"r1","reply":"aios/v1/<tenant>/...","method":"GET|PUT|POST|DEL|EXEC",
 * "args":["..."],"metrics":{...},"body":"<base64>","token":"..."}} — {@code id} and {@code reply} required,
 * {@code method} defaults to GET. Response (JSON) on the reply topic: {@code {"id":"r1","handler":"status",
 * "status":200,"metrics":{...},"body":"<base64>"}} or with {@code "error":"..."} and status 400 (malformed),
 * 401 (token), 403 (reply topic outside the tenant), 404 (unknown handler), 405 (method not supported),
 * 500 (handler failure), 503 (busy). A request without a usable reply topic is answered on
 * {@code aios/v1/<tenant>/<gateway-id>/errors}. Every refusal is also logged; nothing reaches Paho's thread.
 */
final class CommandDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);
    private static final int QUEUE = 64;
    private static final long REPLY_TTL_MILLIS = 5 * 60_000;

    private final Supplier<EndpointOptions> options;
    private final WirePublisher publisher;
    private final CloudNotificationPublisher notifications;
    private final LongSupplier clock;
    private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;

    CommandDispatcher(String threadPrefix, Supplier<EndpointOptions> options, WirePublisher publisher,
            CloudNotificationPublisher notifications, LongSupplier clock) {
        this.options = options;
        this.publisher = publisher;
        this.notifications = notifications;
        this.clock = clock;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, threadPrefix + "-commands");
            t.setDaemon(true);
            return t;
        });
    }

    static String subscription(EndpointOptions o) {
        return o.gatewayNamespace() + "/commands/+";
    }

    static String errorTopic(EndpointOptions o) {
        return o.gatewayNamespace() + "/errors";
    }

    /** Registers (or replaces) the handler of an id. */
    void register(String id, RequestHandler handler) {
        if (!Topics.isLevel(id)) {
            throw new IllegalArgumentException("request handler id '" + id + "' must be a single topic level");
        }
        RequestHandler previous = handlers.put(id, handler);
        if (previous != null && previous != handler) {
            LOG.warn("request handler '{}' replaced", id);
        }
    }

    void unregister(String id) {
        handlers.remove(id);
    }

    /** Removes the handler of an id only if it is this one (whiteboard unbind). */
    void unregister(String id, RequestHandler handler) {
        handlers.remove(id, handler);
    }

    java.util.Set<String> handlerIds() {
        return new java.util.TreeSet<>(handlers.keySet());
    }

    /** A command arrived (Paho's thread): queue it. */
    void onCommand(String topic, byte[] payload) {
        try {
            executor.execute(() -> handle(topic, payload));
        } catch (RejectedExecutionException e) {
            LOG.warn("command on {} refused: {} commands queued", topic, QUEUE);
            Map<String, Object> request = tryParse(payload);
            respond(request, topic.substring(topic.lastIndexOf('/') + 1), 503, "busy: " + QUEUE + " commands queued",
                    null);
        }
    }

    private static Map<String, Object> tryParse(byte[] payload) {
        try {
            return Json.parseObject(new String(payload, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void handle(String topic, byte[] payload) {
        EndpointOptions o = options.get();
        String prefix = o.gatewayNamespace() + "/commands/";
        String handlerId = topic.substring(topic.lastIndexOf('/') + 1);
        Map<String, Object> request;
        try {
            request = Json.parseObject(new String(payload, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            refuse(null, handlerId, 400, "bad JSON: " + e.getMessage(), topic);
            return;
        }
        if (!topic.startsWith(prefix) || topic.length() == prefix.length() || topic.indexOf('/', prefix.length()) >= 0) {
            refuse(request, handlerId, 403, "topic " + topic + " is outside " + prefix + "<handler>", topic);
            return;
        }
        Object id = request.get("id");
        Object reply = request.get("reply");
        if (!(id instanceof String) || ((String) id).isEmpty() || !(reply instanceof String)) {
            refuse(request, handlerId, 400, "'id' and 'reply' must be non-empty strings", topic);
            return;
        }
        String replyTopic = (String) reply;
        if (!replyTopic.startsWith("aios/v1/" + o.tenant() + "/") || replyTopic.contains("+")
                || replyTopic.contains("#")) {
            refuse(request, handlerId, 403, "reply topic '" + replyTopic + "' is outside aios/v1/" + o.tenant() + "/",
                    topic);
            return;
        }
        if (!o.commandsToken().isEmpty() && !tokenMatches(o.commandsToken(), request.get("token"))) {
            refuse(request, handlerId, 401, "missing or wrong token", topic);
            return;
        }
        RequestHandler handler = handlers.get(handlerId);
        if (handler == null) {
            refuse(request, handlerId, 404, "unknown handler '" + handlerId + "'; known: " + handlerIds(), topic);
            return;
        }
        String method = request.get("method") == null ? "GET" : request.get("method").toString().toUpperCase(Locale.ROOT);
        KuraMessage message;
        try {
            message = toKuraMessage(request);
        } catch (IllegalArgumentException e) {
            refuse(request, handlerId, 400, e.getMessage(), topic);
            return;
        }
        RequestHandlerContext context = new RequestHandlerContext(notifications,
                Map.of(RequestHandlerContextConstants.TENANT_ID.name(), o.tenant(),
                        RequestHandlerContextConstants.DEVICE_ID.name(), o.gatewayId()));
        KuraMessage response;
        try {
            switch (method) {
            case "GET":
                response = handler.doGet(context, message);
                break;
            case "PUT":
                response = handler.doPut(context, message);
                break;
            case "POST":
                response = handler.doPost(context, message);
                break;
            case "DEL":
            case "DELETE":
                response = handler.doDel(context, message);
                break;
            case "EXEC":
                response = handler.doExec(context, message);
                break;
            default:
                refuse(request, handlerId, 405, "unknown method '" + method + "' (GET, PUT, POST, DEL, EXEC)", topic);
                return;
            }
        } catch (KuraException e) {
            int status = statusOf(e.getCode());
            LOG.warn("command {} {} on '{}' failed ({}): {}", method, id, handlerId, status, e.getMessage());
            respond(request, handlerId, status, e.getMessage(), null);
            return;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("command {} {} on '{}' failed", method, id, handlerId, e);
            respond(request, handlerId, 500, String.valueOf(e), null);
            return;
        }
        respond(request, handlerId, 200, null, response);
    }

    private static boolean tokenMatches(String expected, Object given) {
        if (!(given instanceof String)) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                ((String) given).getBytes(StandardCharsets.UTF_8));
    }

    private static int statusOf(KuraErrorCode code) {
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

    private static KuraMessage toKuraMessage(Map<String, Object> request) {
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
        return new KuraMessage(payload, properties);
    }

    private void refuse(Map<String, Object> request, String handlerId, int status, String error, String topic) {
        LOG.warn("command on {} refused ({}): {}", topic, status, error);
        respond(request, handlerId, status, error, null);
    }

    /** Sends the response to the request's reply topic when usable, else to the errors topic. */
    private void respond(Map<String, Object> request, String handlerId, int status, String error, KuraMessage response) {
        EndpointOptions o = options.get();
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
            p.metrics().forEach((k, v) -> metrics.put(k, v instanceof byte[] ? Base64.getEncoder().encodeToString((byte[]) v) : v));
            out.put("metrics", metrics);
            if (p.getBody() != null) {
                out.put("body", Base64.getEncoder().encodeToString(p.getBody()));
            }
        }
        String replyTopic = errorTopic(o);
        Object reply = request == null ? null : request.get("reply");
        if (status != 403 && reply instanceof String && ((String) reply).startsWith("aios/v1/" + o.tenant() + "/")
                && !((String) reply).contains("+") && !((String) reply).contains("#")) {
            replyTopic = (String) reply;
        }
        byte[] json = Json.write(out).getBytes(StandardCharsets.UTF_8);
        try {
            // Plain JSON, not an envelope: operators' tools read responses directly.
            publisher.publish(replyTopic, ignoredId -> json, 1, 1, clock.getAsLong() + REPLY_TTL_MILLIS);
        } catch (KuraException | RuntimeException e) {
            LOG.warn("command response to {} not sent: {}", replyTopic, e.toString());
        }
    }

    void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
