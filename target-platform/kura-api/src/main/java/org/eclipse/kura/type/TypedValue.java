package org.eclipse.kura.type;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code TypedValue}: a value together with its {@link DataType}.
 *
 * @param <T> the Java type of the value
 */
@ProviderType
public interface TypedValue<T> extends Comparable<TypedValue<T>> {

    DataType getType();

    T getValue();
}
