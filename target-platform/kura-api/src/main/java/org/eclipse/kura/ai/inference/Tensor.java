package org.eclipse.kura.ai.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code Tensor}: data of one element class described by a {@link TensorDescriptor}.
 * The data is only returned by {@link #getData(Class)} for exactly the element class it was created with.
 */
@ProviderType
public class Tensor {

    private final Class<?> type;
    private final TensorDescriptor descriptor;
    private final List<?> data;

    /**
     * @param type the element class, not null
     * @param descriptor the descriptor, not null
     * @param data the elements (copied), not null
     */
    public <T> Tensor(Class<T> type, TensorDescriptor descriptor, List<T> data) {
        this.type = Objects.requireNonNull(type, "type cannot be null");
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor cannot be null");
        this.data = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(data, "data cannot be null")));
    }

    public TensorDescriptor getDescriptor() {
        return this.descriptor;
    }

    /**
     * @param type the element class wanted
     * @return the data, unmodifiable, when {@code type} equals the element class exactly; empty otherwise
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<List<T>> getData(Class<T> type) {
        if (this.type.equals(type)) {
            return Optional.of((List<T>) this.data);
        }
        return Optional.empty();
    }

    public Class<?> getType() {
        return this.type;
    }
}
