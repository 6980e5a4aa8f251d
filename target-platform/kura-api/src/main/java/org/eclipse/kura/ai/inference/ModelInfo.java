package org.eclipse.kura.ai.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code ModelInfo}: the immutable description of a model (name, optional platform and
 * version, parameters, input and output tensor descriptors).
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
        this.name = checkName(name);
        this.platform = platform == null ? Optional.empty() : platform;
        this.version = version == null ? Optional.empty() : version;
        this.parameters = parameters == null ? Collections.emptyMap()
                : Collections.unmodifiableMap(new HashMap<>(parameters));
        this.inputDescriptors = copy(inputDescriptors);
        this.outputDescriptors = copy(outputDescriptors);
    }

    /**
     * @param name the model name, not null nor empty
     * @return a builder for a model with that name
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is empty
     */
    public static ModelInfoBuilder builder(String name) {
        return ModelInfoBuilder.fromModelInfo(new ModelInfo(checkName(name), Optional.empty(), Optional.empty(),
                Collections.emptyMap(), Collections.emptyList(), Collections.emptyList()));
    }

    /** @return a builder initialised with this model's values */
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

    /** @return the parameters, unmodifiable */
    public Map<String, Object> getParameters() {
        return this.parameters;
    }

    /** @return the input descriptors, unmodifiable */
    public List<TensorDescriptor> getInputs() {
        return this.inputDescriptors;
    }

    /** @return the output descriptors, unmodifiable */
    public List<TensorDescriptor> getOutputs() {
        return this.outputDescriptors;
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name cannot be null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name cannot be empty");
        }
        return name;
    }

    private static List<TensorDescriptor> copy(List<TensorDescriptor> descriptors) {
        return descriptors == null ? Collections.emptyList() : Collections.unmodifiableList(new ArrayList<>(descriptors));
    }
}
