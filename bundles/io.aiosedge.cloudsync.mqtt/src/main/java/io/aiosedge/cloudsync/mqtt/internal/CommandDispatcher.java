package io.aiosedge.cloudsync.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudNotificationPublisher;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContextConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.security.CommandSignatures;
import io.aiosedge.cloudsync.mqtt.internal.wire.CommandWire;
import io.aiosedge.cloudsync.mqtt.internal.wire.Json;
import io.aiosedge.cloudsync.mqtt.internal.wire.Topics;

/**
 * Inbound commands on {@code aios/v1/<tenant>/<gateway-id>/commands/<handler>}, dispatched to Kura
 * {@link RequestHandler}s on one named thread (never Paho's).
 *
 * <p>Request (JSON, UTF-8): {@code {"id":"r1","reply":"aios/v1/<tenant>/...","method":"GET|PUT|POST|DEL|EXEC",
 * "args":["..."],"metrics":{...},"body":"<base64>","sender":"...","token":"..."}} — {@code id} and {@code reply}
 * required, {@code method} defaults to GET, {@code sender} (who the operator says they are) is recorded in the audit
 * log. A signed command wraps the exact request bytes: {@code {"request":"<base64>","auth":{...}}} (the format and
 * its canonical form: {@link CommandSignatures}). Only a GET to a handler of {@code commands.open.handlers} may come
 * unsigned; every other command needs a valid signature by a key of {@code commands.trusted.keys}, issued within
 * {@code commands.max.age.s} (and at most {@code commands.clock.skew.s} ahead), with a nonce not seen before.
 *
 * <p>Response (JSON) on the reply topic: {@code {"id":"r1","handler":"status","status":200,"metrics":{...},
 * "body":"<base64>"}} or with {@code "error":"..."} and status 400 (malformed), 401 (unsigned, bad signature,
 * unknown key, stale, replayed, no trust anchor, wrong token), 403 (reply topic outside the tenant, or refused by a
 * handler's policy), 404 (unknown handler), 405 (method not supported), 500 (handler failure), 503 (busy, nonce
 * cache full). A request without a usable reply topic is answered on {@code aios/v1/<tenant>/<gateway-id>/errors}.
 * Every command, accepted or not, is written to the {@link CommandAudit audit log}; nothing reaches Paho's thread.
 */
final class CommandDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);
    private static final int QUEUE = 64;
    private static final long REPLY_TTL_MILLIS = 5 * 60_000;
    /** Message property carrying the key id of a verified signed command to the handler ("-" when unsigned). */
    static final String KEY_ID_PROPERTY = CommandWire.KEY_ID_PROPERTY;

    private final Supplier<EndpointOptions> options;
    private final WirePublisher publisher;
    private final CloudNotificationPublisher notifications;
    private final LongSupplier clock;
    private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;
    private final NonceCache nonces;
    private final CommandAudit audit;
    private final CommandAuthenticator authenticator;

    CommandDispatcher(String threadPrefix, Supplier<EndpointOptions> options, WirePublisher publisher,
            CloudNotificationPublisher notifications, LongSupplier clock, Consumer<CommandAudit.Entry> auditListener) {
        this.options = options;
        this.publisher = publisher;
        this.notifications = notifications;
        this.clock = clock;
        EndpointOptions.CommandSecurity security = options.get().security();
        this.nonces = new NonceCache(security.stateDirectory().resolve("nonces.txt"), security.nonceCacheSize(), clock);
        this.audit = new CommandAudit(security.stateDirectory(), security.auditMaxEntries(), auditListener);
        this.authenticator = new CommandAuthenticator(nonces, clock);
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

    /** Applies changed bounds of the nonce cache and the audit log. */
    void reconfigure(EndpointOptions o) {
        this.nonces.setCapacity(o.security().nonceCacheSize());
        this.audit.setCapacity(o.security().auditMaxEntries());
    }

    CommandAudit audit() {
        return this.audit;
    }

    NonceCache nonces() {
        return this.nonces;
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
            CommandAttempt a = new CommandAttempt(topic);
            a.read(tryParse(payload));
            refuse(a, 503, "busy: " + QUEUE + " commands queued");
        }
    }

    private static Map<String, Object> tryParse(byte[] payload) {
        try {
            Map<String, Object> outer = Json.parseObject(new String(payload, StandardCharsets.UTF_8));
            if (outer.get("request") instanceof String) {
                return Json.parseObject(new String(Base64.getDecoder().decode((String) outer.get("request")),
                        StandardCharsets.UTF_8));
            }
            return outer;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Checks and runs one command: what the command thread does for each queued one (tests call it directly). */
    void handle(String topic, byte[] payload) {
        EndpointOptions o = options.get();
        EndpointOptions.CommandSecurity security = o.security();
        String prefix = o.gatewayNamespace() + "/commands/";
        CommandAttempt a = new CommandAttempt(topic);
        Map<String, Object> outer;
        try {
            outer = Json.parseObject(new String(payload, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            refuse(a, 400, "bad JSON: " + e.getMessage());
            return;
        }
        boolean signed = outer.containsKey("auth") || outer.containsKey("request");
        byte[] requestBytes = null;
        if (signed) {
            try {
                requestBytes = Base64.getDecoder().decode(String.valueOf(outer.get("request")));
                a.read(Json.parseObject(new String(requestBytes, StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                refuse(a, 400, "signed command: 'request' must be the base64 of the request JSON (" + e.getMessage()
                        + ")");
                return;
            }
        } else {
            a.read(outer);
        }
        if (!topic.startsWith(prefix) || topic.length() == prefix.length() || topic.indexOf('/', prefix.length()) >= 0) {
            refuse(a, 403, "topic " + topic + " is outside " + prefix + "<handler>");
            return;
        }
        Map<String, Object> request = a.request;
        Object id = request.get("id");
        Object reply = request.get("reply");
        if (!(id instanceof String) || ((String) id).isEmpty() || !(reply instanceof String)) {
            refuse(a, 400, "'id' and 'reply' must be non-empty strings");
            return;
        }
        String replyTopic = (String) reply;
        if (!replyTopic.startsWith("aios/v1/" + o.tenant() + "/") || replyTopic.contains("+")
                || replyTopic.contains("#")) {
            refuse(a, 403, "reply topic '" + replyTopic + "' is outside aios/v1/" + o.tenant() + "/");
            return;
        }
        String handlerId = a.handlerId;
        if (signed) {
            String why = authenticator.check(o, a, outer.get("auth"), requestBytes);
            if (why != null) {
                refuse(a, why.startsWith("busy") ? 503 : 401, why);
                return;
            }
        } else if (!("GET".equals(a.method) && security.openHandlers().contains(handlerId))) {
            refuse(a, 401, security.trustedKeys().isEmpty()
                    ? "unsigned " + handlerId + " " + a.method + " refused: no trust anchor is configured; set"
                            + " commands.trusted.keys of " + o.pid() + " (aios-sign keygen) and sign commands"
                            + " (aios-sign sign-command)"
                    : "unsigned " + handlerId + " " + a.method + " refused: state-changing commands must be signed"
                            + " by a key of commands.trusted.keys (aios-sign sign-command); only GET to "
                            + security.openHandlers() + " may come unsigned");
            return;
        }
        if (!o.commandsToken().isEmpty() && !CommandAuthenticator.tokenMatches(o.commandsToken(), request.get("token"))) {
            refuse(a, 401, "missing or wrong token (commands.token)");
            return;
        }
        RequestHandler handler = handlers.get(handlerId);
        if (handler == null) {
            refuse(a, 404, "unknown handler '" + handlerId + "'; known: " + handlerIds());
            return;
        }
        String method = a.method;
        KuraMessage message;
        try {
            message = CommandWire.toKuraMessage(request, a.keyId);
        } catch (IllegalArgumentException e) {
            refuse(a, 400, e.getMessage());
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
                refuse(a, 405, "unknown method '" + method + "' (GET, PUT, POST, DEL, EXEC)");
                return;
            }
        } catch (KuraException e) {
            int status = CommandWire.statusOf(e.getCode());
            LOG.warn("command {} {} on '{}' failed ({}): {}", method, id, handlerId, status, e.getMessage());
            record(a, status, e.getMessage());
            respond(request, handlerId, status, e.getMessage(), null);
            return;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("command {} {} on '{}' failed", method, id, handlerId, e);
            record(a, 500, String.valueOf(e));
            respond(request, handlerId, 500, String.valueOf(e), null);
            return;
        }
        record(a, 200, "");
        respond(request, handlerId, 200, null, response);
    }

    private void record(CommandAttempt a, int status, String reason) {
        String outcome = status < 300 ? "accepted" : status >= 500 && status != 503 ? "failed" : "refused";
        EndpointOptions o = options.get();
        audit.append(new CommandAudit.Entry(clock.getAsLong(), o.pid(), a.handlerId, a.method, a.target(),
                a.text("id"), a.keyId, a.text("sender"), a.text("reply"), outcome, status,
                reason == null ? "" : reason));
    }

    private void refuse(CommandAttempt a, int status, String error) {
        LOG.warn("command on {} refused ({}): {}", a.topic, status, error);
        record(a, status, error);
        respond(a.request, a.handlerId, status, error, null);
    }

    /** Sends the response to the request's reply topic when usable, else to the errors topic. */
    private void respond(Map<String, Object> request, String handlerId, int status, String error, KuraMessage response) {
        EndpointOptions o = options.get();
        Map<String, Object> out = CommandWire.response(request, handlerId, status, error, response);
        String replyTopic = CommandWire.replyTopic(request, o.tenant(), errorTopic(o));
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
