package io.aiosedge.learning.cloud.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.message.KuraPayload;

/**
 * Reads the gateways' hard-example uploads ({@code aios-hard-examples/1}, written by {@code io.aiosedge.learning}):
 * a JSON body {@code {"format":…,"examples":[{"task","time","edgeModel","model","window":[…],"label":[p],…}]}}.
 * Only examples of the trained edge model with a one-value label and a window of the model's width are taken; the
 * others are counted as skipped with the reason.
 */
final class HardExampleUploads {

    static final String FORMAT = "aios-hard-examples/1";

    /**
     * @param examples the usable examples (sequence 0: the buffer numbers them)
     * @param skipped examples left out, with the reason of the first
     * @param firstSkipReason why the first skipped one was left out; empty when none was
     */
    record Parsed(List<TrainingExample> examples, int skipped, String firstSkipReason) {
    }

    private HardExampleUploads() {
    }

    /**
     * @param gateway the uploading gateway (from the topic)
     * @param payload the message
     * @param edgeModel the model being trained; examples of other edge models are skipped
     * @param width the model's window width
     * @throws IllegalArgumentException naming what is wrong when the message as a whole is unusable
     */
    static Parsed parse(String gateway, KuraPayload payload, String edgeModel, int width) {
        if (payload == null || payload.getBody() == null || payload.getBody().length == 0) {
            throw new IllegalArgumentException("hard-example upload from " + gateway + " has no body");
        }
        Object parsed = JsonText.parse(new String(payload.getBody(), StandardCharsets.UTF_8));
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("hard-example upload from " + gateway + ": the body is not a JSON object");
        }
        if (!FORMAT.equals(root.get("format"))) {
            throw new IllegalArgumentException("hard-example upload from " + gateway + ": format '" + root.get("format")
                    + "', expected '" + FORMAT + "'");
        }
        if (!(root.get("examples") instanceof List<?> list)) {
            throw new IllegalArgumentException("hard-example upload from " + gateway + ": no 'examples' array");
        }
        List<TrainingExample> examples = new ArrayList<>();
        int skipped = 0;
        String reason = "";
        for (Object item : list) {
            String why;
            try {
                why = usable(item, edgeModel, width);
                if (why.isEmpty()) {
                    examples.add(example(gateway, (Map<?, ?>) item));
                    continue;
                }
            } catch (IllegalArgumentException e) {
                why = e.getMessage();
            }
            skipped++;
            if (reason.isEmpty()) {
                reason = why;
            }
        }
        return new Parsed(examples, skipped, reason);
    }

    private static String usable(Object item, String edgeModel, int width) {
        if (!(item instanceof Map<?, ?> e)) {
            return "an example is not a JSON object";
        }
        if (!(e.get("task") instanceof String task) || task.isEmpty()) {
            return "an example has no 'task'";
        }
        if (!edgeModel.equals(e.get("edgeModel"))) {
            return "example " + task + " is of edge model '" + e.get("edgeModel") + "', not '" + edgeModel + "'";
        }
        if (!(e.get("window") instanceof List<?> window) || window.size() != width) {
            return "example " + task + ": the window must hold " + width + " numbers";
        }
        if (!(e.get("label") instanceof List<?> label) || label.size() != 1 || !(label.get(0) instanceof Double)) {
            return "example " + task + ": 'label' must be one number (the full model's probability)";
        }
        return "";
    }

    private static TrainingExample example(String gateway, Map<?, ?> e) {
        List<?> values = (List<?>) e.get("window");
        float[] window = new float[values.size()];
        for (int i = 0; i < window.length; i++) {
            if (!(values.get(i) instanceof Double d) || !Double.isFinite(d)) {
                throw new IllegalArgumentException("example " + e.get("task") + ": sample " + i + " is not a number");
            }
            window[i] = d.floatValue();
        }
        double label = (Double) ((List<?>) e.get("label")).get(0);
        long time = e.get("time") instanceof Double t ? t.longValue() : System.currentTimeMillis();
        return new TrainingExample(0, gateway, (String) e.get("task"), time, window, (float) label);
    }
}
