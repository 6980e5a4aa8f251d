package org.eclipse.kura.ai.inference;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code TensorDescriptorBuilder}: builds {@link TensorDescriptor}s; obtain one from
 * {@link TensorDescriptor#builder(String, String, List)}. As in Kura, {@link #build()} demands a name, a type and a
 * shape, none empty; an empty format is ignored; the shape list is passed on, not copied.
 */
@ProviderType
public class TensorDescriptorBuilder {

    private final String name;
    private final String type;
    private final List<Long> shape;
    private Optional<String> format = Optional.empty();
    private final Map<String, Object> parameters = new HashMap<>();

    TensorDescriptorBuilder(String name, String type, List<Long> shape) {
        this.name = name;
        this.type = type;
        this.shape = shape;
    }

    public static TensorDescriptorBuilder fromTensorDescriptor(TensorDescriptor descriptor) {
        TensorDescriptorBuilder builder = new TensorDescriptorBuilder(descriptor.getName(), descriptor.getType(),
                descriptor.getShape());
        builder.parameters.putAll(descriptor.getParameters());
        builder.format = descriptor.getFormat();
        return builder;
    }

    /** @param format kept unless null or empty */
    public TensorDescriptorBuilder format(String format) {
        if (format != null && !format.isEmpty()) {
            this.format = Optional.of(format);
        }
        return this;
    }

    public TensorDescriptorBuilder addParameter(String name, Object parameter) {
        this.parameters.put(name, parameter);
        return this;
    }

    public TensorDescriptorBuilder removeParameter(String name) {
        this.parameters.remove(name);
        return this;
    }

    /** @throws IllegalArgumentException when the name, the type or the shape is null or empty */
    public TensorDescriptor build() {
        if (this.name == null || this.name.isEmpty()) {
            throw new IllegalArgumentException("The name of the tensor cannot be empty or null");
        }
        if (this.type == null || this.type.isEmpty()) {
            throw new IllegalArgumentException("The type of the tensor cannot be empty or null");
        }
        if (this.shape == null || this.shape.isEmpty()) {
            throw new IllegalArgumentException("The shape of the tensor cannot be empty or null");
        }
        return new TensorDescriptor(this.name, this.type, this.format, this.shape, this.parameters);
    }
}
