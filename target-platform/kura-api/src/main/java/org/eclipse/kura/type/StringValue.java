package org.eclipse.kura.type;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code StringValue}: a {@link TypedValue} of type {@link DataType#STRING}. */
@ProviderType
public class StringValue implements TypedValue<String> {

    private final String value;

    /** @param value the string; null is taken as the empty string */
    public StringValue(String value) {
        this.value = value == null ? "" : value;
    }

    @Override
    public int compareTo(TypedValue<String> other) {
        Objects.requireNonNull(other, "Typed Value cannot be null");
        return this.value.compareTo(other.getValue());
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        return this.value.equals(((StringValue) obj).value);
    }

    @Override
    public DataType getType() {
        return DataType.STRING;
    }

    @Override
    public String getValue() {
        return this.value;
    }

    @Override
    public int hashCode() {
        return this.value.hashCode();
    }

    @Override
    public String toString() {
        return "StringValue [value=" + this.value + "]";
    }
}
