package org.eclipse.kura.type;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code FloatValue}: a {@link TypedValue} of type {@link DataType#FLOAT}. */
@ProviderType
public class FloatValue implements TypedValue<Float> {

    private final float value;

    public FloatValue(float value) {
        this.value = value;
    }

    @Override
    public int compareTo(TypedValue<Float> other) {
        Objects.requireNonNull(other, "Typed Value cannot be null");
        return Float.compare(this.value, other.getValue());
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        return Float.compare(this.value, ((FloatValue) obj).value) == 0;
    }

    @Override
    public DataType getType() {
        return DataType.FLOAT;
    }

    @Override
    public Float getValue() {
        return this.value;
    }

    @Override
    public int hashCode() {
        return Float.hashCode(this.value);
    }

    @Override
    public String toString() {
        return "FloatValue [value=" + this.value + "]";
    }
}
