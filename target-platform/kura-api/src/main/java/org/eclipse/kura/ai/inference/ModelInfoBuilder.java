package org.eclipse.kura.ai.inference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code ModelInfoBuilder}: builds {@link ModelInfo}s; obtain one from {@link ModelInfo#builder(String)}.
 * As in Kura, {@link #build()} demands a name, at least one input and one output descriptor; an empty platform or
 * version is ignored; null descriptors and parameter names are accepted; and a built {@code ModelInfo} views this
 * builder's lists and map, so later changes to the builder show in it.
 */
@ProviderType
public class ModelInfoBuilder {

    private final String name;
    private Optional<String> platform = Optional.empty();
    private Optional<String> version = Optional.empty();
    private final Map<String, Object> parameters = new HashMap<>();
    private final List<TensorDescriptor> inputDescriptors = new ArrayList<>();
    private final List<TensorDescriptor> outputDescriptors = new ArrayList<>();

    ModelInfoBuilder(String name) {
        this.name = name;
    }

    /** A builder holding a copy of {@code modelInfo}'s values. */
    public static ModelInfoBuilder fromModelInfo(ModelInfo modelInfo) {
        ModelInfoBuilder builder = new ModelInfoBuilder(modelInfo.getName());
        builder.parameters.putAll(modelInfo.getParameters());
        builder.inputDescriptors.addAll(modelInfo.getInputs());
        builder.outputDescriptors.addAll(modelInfo.getOutputs());
        builder.platform = modelInfo.getPlatform();
        builder.version = modelInfo.getVersion();
        return builder;
    }

    /** @param platform kept unless null or empty */
    public ModelInfoBuilder platform(String platform) {
        if (platform != null && !platform.isEmpty()) {
            this.platform = Optional.of(platform);
        }
        return this;
    }

    /** @param version kept unless null or empty */
    public ModelInfoBuilder version(String version) {
        if (version != null && !version.isEmpty()) {
            this.version = Optional.of(version);
        }
        return this;
    }

    public ModelInfoBuilder addParameter(String name, Object parameter) {
        this.parameters.put(name, parameter);
        return this;
    }

    public ModelInfoBuilder removeParameter(String name) {
        this.parameters.remove(name);
        return this;
    }

    public ModelInfoBuilder addInputDescriptor(TensorDescriptor descriptor) {
        this.inputDescriptors.add(descriptor);
        return this;
    }

    public ModelInfoBuilder addAllInputDescriptor(List<TensorDescriptor> descriptors) {
        this.inputDescriptors.addAll(descriptors);
        return this;
    }

    /** Removes this very instance (descriptors have no equals). */
    public ModelInfoBuilder removeInputDescriptor(TensorDescriptor descriptor) {
        this.inputDescriptors.remove(descriptor);
        return this;
    }

    public ModelInfoBuilder addOutputDescriptor(TensorDescriptor descriptor) {
        this.outputDescriptors.add(descriptor);
        return this;
    }

    public ModelInfoBuilder addAllOutputDescriptor(List<TensorDescriptor> descriptors) {
        this.outputDescriptors.addAll(descriptors);
        return this;
    }

    public ModelInfoBuilder removeOutputDescriptor(TensorDescriptor descriptor) {
        this.outputDescriptors.remove(descriptor);
        return this;
    }

    /**
     * @return the model info, viewing this builder's descriptors and parameters
     * @throws IllegalArgumentException when the name is null or empty, or there is no input or no output descriptor
     */
    public ModelInfo build() {
        if (this.name == null || this.name.isEmpty()) {
            throw new IllegalArgumentException("The name of the model cannot be empty or null");
        }
        if (this.inputDescriptors.isEmpty()) {
            throw new IllegalArgumentException("The input descriptors list cannot be empty");
        }
        if (this.outputDescriptors.isEmpty()) {
            throw new IllegalArgumentException("The output descriptors list cannot be empty");
        }
        return new ModelInfo(this.name, this.platform, this.version, this.parameters, this.inputDescriptors,
                this.outputDescriptors);
    }
}
