package io.aiosedge.learning.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskCompletion;
import io.aiosedge.api.scheduler.TaskResult;

/** Completed tasks as the scheduler reports them, and collector configurations, for tests. */
final class Completions {

    private Completions() {
    }

    static Task task(String id, Locality locality) {
        float[] window = new float[64];
        for (int i = 0; i < window.length; i++) {
            window[i] = (float) Math.sin(i / 5.0) + id.length();
        }
        return Task.builder(id, "anomaly").model("anomaly-cloud").edgeModel("anomaly-edge").input(window, 1, 64)
                .locality(locality).attributes(Map.of("job", "pump-3")).build();
    }

    static TaskResult result(String id, String node, String model, float output, boolean escalated, long at) {
        return new TaskResult(id, node, node.equals("gw") ? NodeKind.LOCAL : NodeKind.CLOUD, model,
                new float[] {output}, 1, 2, 3, at, true, output, TaskResult.confidenceOf(new float[] {output}), false,
                escalated, Map.of());
    }

    /** A task the edge model answered {@code edge} and the cloud model, after escalation, {@code label}. */
    static TaskCompletion escalated(String id, float edge, float label, long at) {
        return escalated(id, edge, label, at, Locality.ANY);
    }

    static TaskCompletion escalated(String id, float edge, float label, long at, Locality locality) {
        return new TaskCompletion(task(id, locality), result(id, "cloud-1", "anomaly-cloud", label, true, at),
                result(id, "gw", "anomaly-edge", edge, false, at - 5));
    }

    static TaskCompletion confident(String id, float edge, long at) {
        return new TaskCompletion(task(id, Locality.ANY), result(id, "gw", "anomaly-edge", edge, false, at), null);
    }

    /** A {@code Config} proxy answering the given properties (DS mapping a_b() reads a.b) and defaults otherwise. */
    static HardExampleCollector.Config config(Map<String, ?> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        return (HardExampleCollector.Config) Proxy.newProxyInstance(Completions.class.getClassLoader(),
                new Class<?>[] {HardExampleCollector.Config.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(values, args);
                    }
                    Object value = values.get(method.getName().replace('_', '.'));
                    if (value == null) {
                        return method.getDefaultValue();
                    }
                    Class<?> type = method.getReturnType();
                    if (type == int.class) {
                        return ((Number) value).intValue();
                    }
                    if (type == double.class) {
                        return ((Number) value).doubleValue();
                    }
                    return value;
                });
    }
}
