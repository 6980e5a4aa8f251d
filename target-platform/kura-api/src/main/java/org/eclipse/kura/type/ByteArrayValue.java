package org.eclipse.kura.type;

import java.util.Arrays;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code ByteArrayValue}: a {@link TypedValue} of type {@link DataType#BYTE_ARRAY}.
 * Equality, hash code and ordering are by content (ordering is lexicographic over signed bytes).
 */
@ProviderType
public class ByteArrayValue implements TypedValue<byte[]> {

    private final byte[] value;

    /**
     * @param value the bytes, not null; kept as they are, not copied
     * @throws NullPointerException if {@code value} is null
     */
    public ByteArrayValue(byte[] value) {
        this.value = Objects.requireNonNull(value, "Provided Typed Value cannot be null");
    }

    @Override
    public int compareTo(TypedValue<byte[]> other) {
        Objects.requireNonNull(other, "Typed Value cannot be null");
        return Arrays.compare(this.value, other.getValue());
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        return Arrays.equals(this.value, ((ByteArrayValue) obj).value);
    }

    @Override
    public DataType getType() {
        return DataType.BYTE_ARRAY;
    }

    @Override
    public byte[] getValue() {
        return this.value;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(this.value);
    }

    @Override
    public String toString() {
        return "ByteArrayValue [value=" + Arrays.toString(this.value) + "]";
    }
}
