package org.eclipse.kura.ai.inference;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code TensorDescriptor}: the description of a tensor (name, element type name such as
 * {@code FP32}, optional format, shape and parameters). As in Kura the public constructor checks nothing (the
 * builder does) and the shape and parameters are unmodifiable views of what was given, not copies.
 */
@ProviderType
public class TensorDescriptor {

    private final String name;
    private final String type;
    private final Optional<String> format;
    private final List<Long> shape;
    private final Map<String, Object> parameters;

    /**
     * @throws NullPointerException if {@code name}, {@code type} or {@code shape} is null
     */
    public TensorDescriptor(String name, String type, Optional<String> format, List<Long> shape,
            Map<String, Object> parameters) {
        this.name = name;
        this.type = type;
        this.format = format;
        this.shape = Collections.unmodifiableList(shape);
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    /**
     * @param name the tensor name, not null
     * @param type the element type name, not null
     * @param shape the shape, not null
     * @return a builder for such a tensor descriptor
     * @throws NullPointerException if an argument is null (the message names it)
     */
    public static TensorDescriptorBuilder builder(String name, String type, List<Long> shape) {
        return new TensorDescriptorBuilder(name, type, shape);
    }

    /** @return a builder initialised with this descriptor's values */
    public TensorDescriptorBuilder toBuilder() {
        return TensorDescriptorBuilder.fromTensorDescriptor(this);
    }

    public String getName() {
        return this.name;
    }

    public String getType() {
        return this.type;
    }

    public Optional<String> getFormat() {
        return this.format;
    }

    /** @return the shape, unmodifiable */
    public List<Long> getShape() {
        return this.shape;
    }

    /** @return the parameters, unmodifiable */
    public Map<String, Object> getParameters() {
        return this.parameters;
    }
}
