package io.aiosedge.inference.tensorflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class EngineOptionsTest {

    @Test
    void parsesNamePathEntries() {
        assertThat(EngineOptions.parseModels(" edge=/m/edge, cloud = rel/cloud ;x=y\n"))
                .containsExactly(java.util.Map.entry("edge", "/m/edge"), java.util.Map.entry("cloud", "rel/cloud"),
                        java.util.Map.entry("x", "y"));
        assertThat(EngineOptions.parseModels("")).isEmpty();
    }

    @Test
    void badModelEntriesNameThePropertyAndTheEntry() {
        assertThatThrownBy(() -> EngineOptions.parseModels("edge")).hasMessageContaining("models: 'edge'");
        assertThatThrownBy(() -> EngineOptions.parseModels("a=1,a=2")).hasMessageContaining("'a' is listed twice");
        assertThatThrownBy(() -> EngineOptions.parseModels("../x=1")).hasMessageContaining("models: '../x=1'");
    }

    @Test
    void modelBundleHeaderIsParsedWithDefaults() {
        assertThat(ModelBundleTracker.parse("anomaly-edge;version=1.0.0;path=model/, b;path=/other", "2.0.0"))
                .containsExactly(new ModelBundleTracker.Declared("anomaly-edge", "1.0.0", "model/"),
                        new ModelBundleTracker.Declared("b", "2.0.0", "other/"));
        assertThatThrownBy(() -> ModelBundleTracker.parse("m;colour=red", "1")).hasMessageContaining("colour=red");
    }

    @Test
    void kuraElementClassesFollowKurasMapping() {
        assertThat(List.of(ElementType.BOOL, ElementType.INT8, ElementType.UINT8, ElementType.INT16,
                ElementType.INT32, ElementType.INT64, ElementType.FP32, ElementType.FP64, ElementType.BYTES))
                .extracting(ElementType::elementClass)
                .containsExactly(Boolean.class, Byte.class, Byte.class, Short.class, Integer.class, Long.class,
                        Float.class, Double.class, Byte.class);
        assertThat(ElementType.ofKuraName("fp32")).isEqualTo(ElementType.FP32);
        assertThat(ElementType.ofKuraName("FP16")).isNull();
        assertThat(ElementType.INT8.isRunnable()).isFalse();
    }

    @Test
    void latencyPercentilesAreWithinTheBucketPrecision() {
        ModelStats stats = new ModelStats();
        for (int micros = 1; micros <= 1000; micros++) {
            stats.success(micros * 1000L);
        }
        var snapshot = stats.snapshot("m", "1");
        assertThat(snapshot.calls()).isEqualTo(1000);
        assertThat(snapshot.p50Micros()).isBetween(480.0, 520.0);
        assertThat(snapshot.p99Micros()).isBetween(950.0, 1030.0);
    }

    @Test
    void anEngineWithoutANameIsNamedByItsServicePid() {
        TensorFlowInferenceEngine.Config config = defaults(TensorFlowInferenceEngine.Config.class);
        assertThat(EngineOptions.from(config, java.util.Map.of("kura.service.pid", "tf-engine")).instanceName())
                .isEqualTo("tf-engine");
        assertThat(EngineOptions.from(config, java.util.Map.of("kura.service.pid", "",
                "service.pid", "io.aiosedge.inference.tensorflow.TensorFlowInferenceEngine~c")).instanceName())
                .isEqualTo("io.aiosedge.inference.tensorflow.TensorFlowInferenceEngine~c");
    }

    /** The configuration DS would hand over for an instance saved with every default. */
    private static <T> T defaults(Class<T> type) {
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getDefaultValue()));
    }
}
