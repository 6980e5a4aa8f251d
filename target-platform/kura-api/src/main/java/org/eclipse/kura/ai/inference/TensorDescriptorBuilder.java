package org.eclipse.kura.ai.inference;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code TensorDescriptorBuilder}: builds {@link TensorDescriptor}s; obtain one from
 * {@link TensorDescriptor#builder(String, String, List)}.
 */
@ProviderType
public class TensorDescriptorBuilder {

    private final String name;
    private final String type;
    private final List<Long> shape;
    private Optional<String> format = Optional.empty();
    private final Map<String, Object> parameters = new HashMap<>();

    private TensorDescriptorBuilder(String name, String type, List<Long> shape) {
        this.name = name;
        this.type = type;
        this.shape = shape;
    }

    /**
     * @param descriptor the descriptor, not null
     * @return a builder initialised with the descriptor's values
     */
    public static TensorDescriptorBuilder fromTensorDescriptor(TensorDescriptor descriptor) {
        Objects.requireNonNull(descriptor, "descriptor cannot be null");
        TensorDescriptorBuilder builder = new TensorDescriptorBuilder(descriptor.getName(), descriptor.getType(),
                descriptor.getShape());
        builder.format = descriptor.getFormat();
        builder.parameters.putAll(descriptor.getParameters());
        return builder;
    }

    /** @param format the format; null clears it */
    public TensorDescriptorBuilder format(String format) {
        this.format = Optional.ofNullable(format);
        return this;
    }

    public TensorDescriptorBuilder addParameter(String name, Object parameter) {
        this.parameters.put(Objects.requireNonNull(name, "name cannot be null"), parameter);
        return this;
    }

    public TensorDescriptorBuilder removeParameter(String name) {
        this.parameters.remove(name);
        return this;
    }

    /** @return a new immutable tensor descriptor */
    public TensorDescriptor build() {
        return new TensorDescriptor(this.name, this.type, this.format, this.shape, this.parameters);
    }
}
