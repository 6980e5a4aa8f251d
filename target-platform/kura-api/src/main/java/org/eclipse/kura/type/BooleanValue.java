package org.eclipse.kura.type;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code BooleanValue}: a {@link TypedValue} of type {@link DataType#BOOLEAN}. */
@ProviderType
public class BooleanValue implements TypedValue<Boolean> {

    private final boolean value;

    public BooleanValue(boolean value) {
        this.value = value;
    }

    @Override
    public int compareTo(TypedValue<Boolean> other) {
        Objects.requireNonNull(other, "Typed Value cannot be null");
        return Boolean.compare(this.value, other.getValue());
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        return this.value == ((BooleanValue) obj).value;
    }

    @Override
    public DataType getType() {
        return DataType.BOOLEAN;
    }

    @Override
    public Boolean getValue() {
        return this.value;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(this.value);
    }

    @Override
    public String toString() {
        return "BooleanValue [value=" + this.value + "]";
    }
}
