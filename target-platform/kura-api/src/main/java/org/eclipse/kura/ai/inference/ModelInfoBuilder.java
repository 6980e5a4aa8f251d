package org.eclipse.kura.ai.inference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code ModelInfoBuilder}: builds {@link ModelInfo}s; obtain one from {@link ModelInfo#builder(String)}. */
@ProviderType
public class ModelInfoBuilder {

    private final String name;
    private Optional<String> platform = Optional.empty();
    private Optional<String> version = Optional.empty();
    private final Map<String, Object> parameters = new HashMap<>();
    private final List<TensorDescriptor> inputDescriptors = new ArrayList<>();
    private final List<TensorDescriptor> outputDescriptors = new ArrayList<>();

    private ModelInfoBuilder(String name) {
        this.name = name;
    }

    /**
     * @param modelInfo the model, not null
     * @return a builder initialised with the model's values
     */
    public static ModelInfoBuilder fromModelInfo(ModelInfo modelInfo) {
        Objects.requireNonNull(modelInfo, "modelInfo cannot be null");
        ModelInfoBuilder builder = new ModelInfoBuilder(modelInfo.getName());
        builder.platform = modelInfo.getPlatform();
        builder.version = modelInfo.getVersion();
        builder.parameters.putAll(modelInfo.getParameters());
        builder.inputDescriptors.addAll(modelInfo.getInputs());
        builder.outputDescriptors.addAll(modelInfo.getOutputs());
        return builder;
    }

    /** @param platform the platform; null clears it */
    public ModelInfoBuilder platform(String platform) {
        this.platform = Optional.ofNullable(platform);
        return this;
    }

    /** @param version the version; null clears it */
    public ModelInfoBuilder version(String version) {
        this.version = Optional.ofNullable(version);
        return this;
    }

    public ModelInfoBuilder addParameter(String name, Object parameter) {
        this.parameters.put(Objects.requireNonNull(name, "name cannot be null"), parameter);
        return this;
    }

    public ModelInfoBuilder removeParameter(String name) {
        this.parameters.remove(name);
        return this;
    }

    public ModelInfoBuilder addInputDescriptor(TensorDescriptor descriptor) {
        this.inputDescriptors.add(Objects.requireNonNull(descriptor, "descriptor cannot be null"));
        return this;
    }

    public ModelInfoBuilder addAllInputDescriptor(List<TensorDescriptor> descriptors) {
        Objects.requireNonNull(descriptors, "descriptors cannot be null").forEach(this::addInputDescriptor);
        return this;
    }

    public ModelInfoBuilder removeInputDescriptor(TensorDescriptor descriptor) {
        this.inputDescriptors.remove(descriptor);
        return this;
    }

    public ModelInfoBuilder addOutputDescriptor(TensorDescriptor descriptor) {
        this.outputDescriptors.add(Objects.requireNonNull(descriptor, "descriptor cannot be null"));
        return this;
    }

    public ModelInfoBuilder addAllOutputDescriptor(List<TensorDescriptor> descriptors) {
        Objects.requireNonNull(descriptors, "descriptors cannot be null").forEach(this::addOutputDescriptor);
        return this;
    }

    public ModelInfoBuilder removeOutputDescriptor(TensorDescriptor descriptor) {
        this.outputDescriptors.remove(descriptor);
        return this;
    }

    /** @return a new immutable model description */
    public ModelInfo build() {
        return new ModelInfo(this.name, this.platform, this.version, this.parameters, this.inputDescriptors,
                this.outputDescriptors);
    }
}
