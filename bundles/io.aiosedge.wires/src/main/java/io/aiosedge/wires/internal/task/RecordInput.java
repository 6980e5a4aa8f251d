package io.aiosedge.wires.internal.task;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.wire.WireRecord;

/**
 * Reads a task's input out of a record: the values of the configured properties, in order, flattened into one
 * row ({@code [1, n]}). A number (DOUBLE, FLOAT, INTEGER, LONG) gives one value, a BOOLEAN 1 or 0, a STRING a list
 * of comma-separated numbers (so one property can carry a whole window). Anything else is refused naming the
 * property: a model fed a wrong value would answer nonsense rather than fail.
 */
final class RecordInput {

    private RecordInput() {
    }

    static float[] values(WireRecord record, List<String> inputProperties) throws InvalidRecordException {
        Map<String, TypedValue<?>> properties = record.getProperties();
        float[] values = new float[0];
        for (String name : inputProperties) {
            TypedValue<?> typed = properties.get(name);
            if (typed == null || typed.getValue() == null) {
                throw new InvalidRecordException("the record has no property '" + name + "' (input.properties = "
                        + String.join(",", inputProperties) + "; the record has " + new TreeSet<>(properties.keySet())
                        + ")");
            }
            float[] more = valuesOf(name, typed);
            float[] joined = Arrays.copyOf(values, values.length + more.length);
            System.arraycopy(more, 0, joined, values.length, more.length);
            values = joined;
        }
        return values;
    }

    private static float[] valuesOf(String name, TypedValue<?> typed) throws InvalidRecordException {
        Object value = typed.getValue();
        switch (typed.getType()) {
        case DOUBLE:
        case FLOAT:
        case INTEGER:
        case LONG:
            return new float[] {finite(name, ((Number) value).floatValue(), value)};
        case BOOLEAN:
            return new float[] {(Boolean) value ? 1f : 0f};
        case STRING:
            return parseList(name, (String) value);
        default:
            throw new InvalidRecordException("property '" + name + "' is " + typed.getType()
                    + "; an input must be DOUBLE, FLOAT, INTEGER, LONG, BOOLEAN or a STRING of comma-separated numbers");
        }
    }

    private static float[] parseList(String name, String text) throws InvalidRecordException {
        String[] parts = text.split(",", -1);
        float[] values = new float[parts.length];
        for (int k = 0; k < parts.length; k++) {
            String part = parts[k].trim();
            try {
                values[k] = finite(name, Float.parseFloat(part), part);
            } catch (NumberFormatException e) {
                throw new InvalidRecordException("property '" + name + "' = '" + abbreviate(text) + "': value "
                        + (k + 1) + " ('" + abbreviate(part) + "') is not a number");
            }
        }
        return values;
    }

    private static float finite(String name, float value, Object original) throws InvalidRecordException {
        if (!Float.isFinite(value)) {
            throw new InvalidRecordException("property '" + name + "' = " + original + " is not a finite float");
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
