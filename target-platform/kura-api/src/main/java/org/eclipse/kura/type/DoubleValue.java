package org.eclipse.kura.type;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code DoubleValue}: a {@link TypedValue} of type {@link DataType#DOUBLE}. */
@ProviderType
public class DoubleValue implements TypedValue<Double> {

    private final double value;

    public DoubleValue(double value) {
        this.value = value;
    }

    @Override
    public int compareTo(TypedValue<Double> other) {
        Objects.requireNonNull(other, "Typed Value cannot be null");
        return Double.compare(this.value, other.getValue());
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        return Double.compare(this.value, ((DoubleValue) obj).value) == 0;
    }

    @Override
    public DataType getType() {
        return DataType.DOUBLE;
    }

    @Override
    public Double getValue() {
        return this.value;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(this.value);
    }

    @Override
    public String toString() {
        return "DoubleValue [value=" + this.value + "]";
    }
}
