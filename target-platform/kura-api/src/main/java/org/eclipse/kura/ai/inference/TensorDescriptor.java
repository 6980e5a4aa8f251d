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
 * Mirrors Kura's {@code TensorDescriptor}: the immutable description of a tensor (name, element type name
 * such as {@code FP32}, optional format, shape and parameters).
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
        this.name = Objects.requireNonNull(name, "name cannot be null");
        this.type = Objects.requireNonNull(type, "type cannot be null");
        this.format = format == null ? Optional.empty() : format;
        this.shape = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(shape, "shape cannot be null")));
        this.parameters = parameters == null ? Collections.emptyMap()
                : Collections.unmodifiableMap(new HashMap<>(parameters));
    }

    /**
     * @param name the tensor name, not null
     * @param type the element type name, not null
     * @param shape the shape, not null
     * @return a builder for such a tensor descriptor
     * @throws NullPointerException if an argument is null (the message names it)
     */
    public static TensorDescriptorBuilder builder(String name, String type, List<Long> shape) {
        return TensorDescriptorBuilder.fromTensorDescriptor(
                new TensorDescriptor(name, type, Optional.empty(), shape, Collections.emptyMap()));
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
