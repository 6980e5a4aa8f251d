package org.eclipse.kura.type;

/**
 * Mirrors Kura's {@code TypedValue}: a value together with its {@link DataType}.
 *
 * @param <T> the Java type of the value
 */
public interface TypedValue<T> extends Comparable<TypedValue<T>> {

    DataType getType();

    T getValue();
}
