package org.eclipse.kura.ai.inference;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code Tensor}: data of one element class described by a {@link TensorDescriptor}.
 * The data is only returned by {@link #getData(Class)} for exactly the element class it was created with. As in Kura,
 * nothing is checked or copied: null data with its class gives a NullPointerException from getData.
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
        this.type = type;
        this.descriptor = descriptor;
        this.data = data;
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
        if (this.type == type) {
            return Optional.of((List<T>) this.data);
        }
        return Optional.empty();
    }

    public Class<?> getType() {
        return this.type;
    }
}
