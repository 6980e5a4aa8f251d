package io.aiosedge.learning.internal;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;

/**
 * One upload of hard examples as a KuraMessage: metrics {@code format} ({@value #FORMAT}), {@code count},
 * {@code first.time} and {@code last.time} (ms since the epoch), and a JSON body
 * <pre>{"format":"aios-hard-examples/1","examples":[{"time":…,"task":"…","source":"…","edgeModel":"…",
 * "model":"…","labelNode":"…","shape":[1,64],"window":[…],"edge":[…],"label":[…],"edgeConfidence":…}]}</pre>
 * Numbers that are not finite are written as {@code null}. Message properties: {@code kind=hard-examples} and
 * {@code count}, for publishers' topic templates.
 */
final class HardExampleMessages {

    static final String FORMAT = "aios-hard-examples/1";

    private HardExampleMessages() {
    }

    static KuraMessage message(List<HardExample> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("an upload needs at least one example");
        }
        KuraPayload payload = new KuraPayload();
        long last = examples.get(examples.size() - 1).timeMillis();
        payload.setTimestamp(new Date(last));
        payload.addMetric("format", FORMAT);
        payload.addMetric("count", examples.size());
        payload.addMetric("first.time", examples.get(0).timeMillis());
        payload.addMetric("last.time", last);
        payload.setBody(json(examples).getBytes(StandardCharsets.UTF_8));
        return new KuraMessage(payload, Map.of("kind", "hard-examples", "count", examples.size()));
    }

    static String json(List<HardExample> examples) {
        StringBuilder out = new StringBuilder(256 + examples.size() * 900);
        out.append("{\"format\":\"").append(FORMAT).append("\",\"examples\":[");
        for (int i = 0; i < examples.size(); i++) {
            HardExample e = examples.get(i);
            out.append(i == 0 ? "{" : ",{");
            out.append("\"time\":").append(e.timeMillis());
            string(out.append(",\"task\":"), e.taskId());
            string(out.append(",\"source\":"), e.source());
            string(out.append(",\"edgeModel\":"), e.edgeModel());
            string(out.append(",\"model\":"), e.model());
            string(out.append(",\"labelNode\":"), e.labelNode());
            out.append(",\"shape\":[");
            for (int k = 0; k < e.shape().length; k++) {
                out.append(k == 0 ? "" : ",").append(e.shape()[k]);
            }
            floats(out.append("],\"window\":"), e.window());
            floats(out.append(",\"edge\":"), e.edgeOutput());
            floats(out.append(",\"label\":"), e.labelOutput());
            number(out.append(",\"edgeConfidence\":"), e.edgeConfidence());
            out.append('}');
        }
        return out.append("]}").toString();
    }

    private static void floats(StringBuilder out, float[] values) {
        out.append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            number(out, values[i]);
        }
        out.append(']');
    }

    private static void number(StringBuilder out, double value) {
        if (Double.isFinite(value)) {
            out.append(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : Double.toString(value));
        } else {
            out.append("null");
        }
    }

    private static void number(StringBuilder out, float value) {
        if (Float.isFinite(value)) {
            out.append(value == Math.rint(value) && Math.abs(value) < 1e7 ? Long.toString((long) value)
                    : Float.toString(value));
        } else {
            out.append("null");
        }
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
