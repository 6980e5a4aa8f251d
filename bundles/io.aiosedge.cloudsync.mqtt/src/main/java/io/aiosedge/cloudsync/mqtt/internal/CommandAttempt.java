package io.aiosedge.cloudsync.mqtt.internal;

import java.util.List;
import java.util.Map;

import io.aiosedge.api.security.CommandSignatures;

/**
 * What is known about one inbound command while {@link CommandDispatcher} checks it: the handler named by the
 * topic, the request once read, its method and the key that signed it; for the reply and the audit entry.
 */
final class CommandAttempt {

    final String topic;
    final String handlerId;
    Map<String, Object> request;
    String method = "GET";
    String keyId = "-";

    CommandAttempt(String topic) {
        this.topic = topic;
        this.handlerId = topic.substring(topic.lastIndexOf('/') + 1);
    }

    void read(Map<String, Object> request) {
        this.request = request;
        if (request != null && request.get("method") != null) {
            this.method = CommandSignatures.normalizeMethod(request.get("method").toString());
        }
    }

    String text(String field) {
        Object v = request == null ? null : request.get(field);
        return v instanceof String ? (String) v : "";
    }

    /** args, or else the metric naming the thing acted on (deploy: name/url, models: model). */
    String target() {
        Object args = request == null ? null : request.get("args");
        if (args instanceof List && !((List<?>) args).isEmpty()) {
            StringBuilder out = new StringBuilder();
            for (Object a : (List<?>) args) {
                out.append(out.length() == 0 ? "" : " ").append(a);
            }
            return out.toString();
        }
        Object metrics = request == null ? null : request.get("metrics");
        if (metrics instanceof Map) {
            for (String key : new String[] {"name", "model", "url"}) {
                Object v = ((Map<?, ?>) metrics).get(key);
                if (v != null) {
                    return key + "=" + v;
                }
            }
        }
        return "";
    }
}
