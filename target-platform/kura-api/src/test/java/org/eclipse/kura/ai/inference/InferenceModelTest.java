package org.eclipse.kura.ai.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class InferenceModelTest {

    private static final List<Long> SHAPE = List.of(1L, 3L);

    @Test
    void tensorDescriptorBuilder() {
        TensorDescriptor descriptor = TensorDescriptor.builder("input0", "FP32", SHAPE).format("NHWC")
                .addParameter("a", 1).addParameter("b", 2).removeParameter("b").build();

        assertThat(descriptor.getName()).isEqualTo("input0");
        assertThat(descriptor.getType()).isEqualTo("FP32");
        assertThat(descriptor.getFormat()).contains("NHWC");
        assertThat(descriptor.getShape()).containsExactly(1L, 3L);
        assertThat(descriptor.getParameters()).containsOnlyKeys("a");
        assertThat(TensorDescriptor.builder("x", "INT8", SHAPE).build().getFormat()).isEmpty();
    }

    @Test
    void tensorDescriptorBuilderValidatesItsArguments() {
        assertThatThrownBy(() -> TensorDescriptor.builder(null, "FP32", SHAPE))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> TensorDescriptor.builder("x", null, SHAPE))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> TensorDescriptor.builder("x", "FP32", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("shape");
    }

    @Test
    void tensorDescriptorIsImmutable() {
        List<Long> shape = new ArrayList<>(SHAPE);
        TensorDescriptor descriptor = new TensorDescriptor("x", "FP32", Optional.empty(), shape, null);
        shape.add(9L);

        assertThat(descriptor.getShape()).containsExactly(1L, 3L);
        assertThat(descriptor.getParameters()).isEmpty();
        assertThatThrownBy(() -> descriptor.getShape().add(1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> descriptor.getParameters().put("k", 1))
                .isInstanceOf(UnsupportedOperationException.class);
        TensorDescriptor copy = descriptor.toBuilder().format("f").build();
        assertThat(copy.getFormat()).contains("f");
        assertThat(descriptor.getFormat()).isEmpty();
        assertThat(TensorDescriptorBuilder.fromTensorDescriptor(copy).build().getFormat()).contains("f");
    }

    @Test
    void modelInfoBuilder() {
        TensorDescriptor in = TensorDescriptor.builder("in", "FP32", SHAPE).build();
        TensorDescriptor out = TensorDescriptor.builder("out", "FP32", SHAPE).build();
        TensorDescriptor extra = TensorDescriptor.builder("extra", "BOOL", SHAPE).build();

        ModelInfo info = ModelInfo.builder("model").platform("onnx").version("2").addParameter("p", "v")
                .addInputDescriptor(in).addAllInputDescriptor(List.of(extra)).removeInputDescriptor(extra)
                .addOutputDescriptor(out).addAllOutputDescriptor(List.of(extra)).removeOutputDescriptor(extra)
                .build();

        assertThat(info.getName()).isEqualTo("model");
        assertThat(info.getPlatform()).contains("onnx");
        assertThat(info.getVersion()).contains("2");
        assertThat(info.getParameters()).containsEntry("p", "v");
        assertThat(info.getInputs()).containsExactly(in);
        assertThat(info.getOutputs()).containsExactly(out);
        assertThatThrownBy(() -> info.getInputs().add(extra)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> info.getOutputs().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> info.getParameters().clear()).isInstanceOf(UnsupportedOperationException.class);

        ModelInfo plain = ModelInfo.builder("m").build();
        assertThat(plain.getPlatform()).isEmpty();
        assertThat(plain.getVersion()).isEmpty();
        assertThat(plain.getInputs()).isEmpty();

        ModelInfo changed = info.toBuilder().version("3").removeParameter("p").build();
        assertThat(changed.getVersion()).contains("3");
        assertThat(changed.getParameters()).isEmpty();
        assertThat(changed.getInputs()).containsExactly(in);
        assertThat(info.getVersion()).contains("2");
        assertThat(ModelInfoBuilder.fromModelInfo(info).build().getName()).isEqualTo("model");
    }

    @Test
    void modelInfoBuilderValidatesTheName() {
        assertThatThrownBy(() -> ModelInfo.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> ModelInfo.builder("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }

    @Test
    void tensorDataIsOnlyReturnedForTheExactClass() {
        TensorDescriptor descriptor = TensorDescriptor.builder("t", "FP32", SHAPE).build();
        List<Float> data = new ArrayList<>(List.of(1f, 2f, 3f));
        Tensor tensor = new Tensor(Float.class, descriptor, data);
        data.clear();

        assertThat(tensor.getType()).isEqualTo(Float.class);
        assertThat(tensor.getDescriptor()).isSameAs(descriptor);
        assertThat(tensor.getData(Float.class)).hasValueSatisfying(v -> assertThat(v).containsExactly(1f, 2f, 3f));
        assertThat(tensor.getData(Double.class)).isEmpty();
        assertThat(tensor.getData(Number.class)).isEmpty();
        assertThat(tensor.getData(Object.class)).isEmpty();
        assertThatThrownBy(() -> tensor.getData(Float.class).get().add(4f))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
