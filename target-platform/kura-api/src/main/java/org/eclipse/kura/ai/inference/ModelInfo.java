package org.eclipse.kura.ai.inference;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code ModelInfo}: the description of a model (name, optional platform and version, parameters,
 * input and output tensor descriptors). As in Kura it shows its lists and map through unmodifiable views of what it
 * was given (a builder's), without copying them; it has no equals, hashCode or toString of its own.
 */
@ProviderType
public class ModelInfo {

    private final String name;
    private final Optional<String> platform;
    private final Optional<String> version;
    private final Map<String, Object> parameters;
    private final List<TensorDescriptor> inputDescriptors;
    private final List<TensorDescriptor> outputDescriptors;

    protected ModelInfo(String name, Optional<String> platform, Optional<String> version,
            Map<String, Object> parameters, List<TensorDescriptor> inputDescriptors,
            List<TensorDescriptor> outputDescriptors) {
        this.name = name;
        this.platform = platform;
        this.version = version;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.inputDescriptors = Collections.unmodifiableList(inputDescriptors);
        this.outputDescriptors = Collections.unmodifiableList(outputDescriptors);
    }

    /** A builder for a model of this name; the name is checked by {@link ModelInfoBuilder#build()}. */
    public static ModelInfoBuilder builder(String name) {
        return new ModelInfoBuilder(name);
    }

    public ModelInfoBuilder toBuilder() {
        return ModelInfoBuilder.fromModelInfo(this);
    }

    public String getName() {
        return this.name;
    }

    public Optional<String> getPlatform() {
        return this.platform;
    }

    public Optional<String> getVersion() {
        return this.version;
    }

    public Map<String, Object> getParameters() {
        return this.parameters;
    }

    public List<TensorDescriptor> getInputs() {
        return this.inputDescriptors;
    }

    public List<TensorDescriptor> getOutputs() {
        return this.outputDescriptors;
    }
}
