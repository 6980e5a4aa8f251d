package org.eclipse.kura.type;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code IntegerValue}: a {@link TypedValue} of type {@link DataType#INTEGER}. */
@ProviderType
public class IntegerValue implements TypedValue<Integer> {

    private final int value;

    public IntegerValue(int value) {
        this.value = value;
    }

    @Override
    public int compareTo(TypedValue<Integer> other) {
        Objects.requireNonNull(other, "Typed Value cannot be null");
        return Integer.compare(this.value, other.getValue());
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        return this.value == ((IntegerValue) obj).value;
    }

    @Override
    public DataType getType() {
        return DataType.INTEGER;
    }

    @Override
    public Integer getValue() {
        return this.value;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(this.value);
    }

    @Override
    public String toString() {
        return "IntegerValue [value=" + this.value + "]";
    }
}
