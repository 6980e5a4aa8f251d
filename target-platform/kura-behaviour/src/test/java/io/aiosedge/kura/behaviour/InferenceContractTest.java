package io.aiosedge.kura.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.ModelInfoBuilder;
import org.eclipse.kura.ai.inference.Tensor;
import org.eclipse.kura.ai.inference.TensorDescriptor;
import org.junit.jupiter.api.Test;

/**
 * The AI inference value types as Kura 5.4.1 has them: {@code ModelInfoBuilder} and {@code TensorDescriptorBuilder}
 * demand their required fields with Kura's messages, ignore empty optional values, and the built objects view the
 * builder's lists instead of copying them; {@code Tensor} hands out its data only for the exact class.
 */
class InferenceContractTest {

    private static TensorDescriptor descriptor(String name) {
        return TensorDescriptor.builder(name, "FP32", List.of(1L, 64L)).build();
    }

    @Test
    void aModelNeedsANameInputsAndOutputs() {
        assertThatThrownBy(() -> ModelInfo.builder(null).addInputDescriptor(descriptor("in"))
                .addOutputDescriptor(descriptor("out")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The name of the model cannot be empty or null");
        assertThatThrownBy(() -> ModelInfo.builder("").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The name of the model cannot be empty or null");
        assertThatThrownBy(() -> ModelInfo.builder("m").addOutputDescriptor(descriptor("out")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The input descriptors list cannot be empty");
        assertThatThrownBy(() -> ModelInfo.builder("m").addInputDescriptor(descriptor("in")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The output descriptors list cannot be empty");

        ModelInfo info = ModelInfo.builder("m").addInputDescriptor(descriptor("in"))
                .addOutputDescriptor(descriptor("out")).build();
        assertThat(info.getName()).isEqualTo("m");
        assertThat(info.getInputs()).extracting(TensorDescriptor::getName).containsExactly("in");
    }

    @Test
    void emptyOptionalValuesAreIgnored() {
        ModelInfo info = ModelInfo.builder("m").platform("").version(null).addInputDescriptor(descriptor("in"))
                .addOutputDescriptor(descriptor("out")).build();
        assertThat(info.getPlatform()).isEqualTo(Optional.empty());
        assertThat(info.getVersion()).isEqualTo(Optional.empty());
        ModelInfo versioned = ModelInfo.builder("m").platform("tensorflow").version("2")
                .addInputDescriptor(descriptor("in")).addOutputDescriptor(descriptor("out")).build();
        assertThat(versioned.getPlatform()).hasValue("tensorflow");
        assertThat(versioned.getVersion()).hasValue("2");
    }

    @Test
    void aBuiltModelInfoViewsItsBuildersLists() {
        ModelInfoBuilder builder = ModelInfo.builder("m").addInputDescriptor(descriptor("in"))
                .addOutputDescriptor(descriptor("out"));
        ModelInfo info = builder.build();
        builder.addInputDescriptor(descriptor("late")).addParameter("p", 1);
        assertThat(info.getInputs()).extracting(TensorDescriptor::getName).containsExactly("in", "late");
        assertThat(info.getParameters()).containsEntry("p", 1);
        assertThatThrownBy(() -> info.getInputs().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aTensorDescriptorNeedsNameTypeAndShape() {
        assertThatThrownBy(() -> TensorDescriptor.builder(null, "FP32", List.of(1L)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The name of the tensor cannot be empty or null");
        assertThatThrownBy(() -> TensorDescriptor.builder("t", "", List.of(1L)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The type of the tensor cannot be empty or null");
        assertThatThrownBy(() -> TensorDescriptor.builder("t", "FP32", List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The shape of the tensor cannot be empty or null");
        assertThatThrownBy(() -> TensorDescriptor.builder("t", "FP32", null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The shape of the tensor cannot be empty or null");

        List<Long> shape = new ArrayList<>(List.of(1L, 8L));
        TensorDescriptor d = TensorDescriptor.builder("t", "FP32", shape).build();
        shape.add(2L);
        assertThat(d.getShape()).as("the shape list is viewed, not copied").containsExactly(1L, 8L, 2L);
    }

    @Test
    void aTensorGivesItsDataOnlyForTheExactClass() {
        Tensor tensor = new Tensor(Float.class, descriptor("t"), List.of(1f, 2f));
        assertThat(tensor.getData(Float.class)).hasValue(List.of(1f, 2f));
        assertThat(tensor.getData(Number.class)).isEmpty();
        assertThat(tensor.getData(Double.class)).isEmpty();
        assertThat(tensor.getType()).isEqualTo(Float.class);
        assertThatThrownBy(() -> new Tensor(Float.class, descriptor("t"), null).getData(Float.class))
                .isInstanceOf(NullPointerException.class);
    }
}
