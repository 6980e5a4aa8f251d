package org.eclipse.kura.type;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code LongValue}: a {@link TypedValue} of type {@link DataType#LONG}. */
@ProviderType
public class LongValue implements TypedValue<Long> {

    private final long value;

    public LongValue(long value) {
        this.value = value;
    }

    @Override
    public int compareTo(TypedValue<Long> other) {
        Objects.requireNonNull(other, "Typed Value cannot be null");
        return Long.compare(this.value, other.getValue());
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        return this.value == ((LongValue) obj).value;
    }

    @Override
    public DataType getType() {
        return DataType.LONG;
    }

    @Override
    public Long getValue() {
        return this.value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(this.value);
    }

    @Override
    public String toString() {
        return "LongValue [value=" + this.value + "]";
    }
}
