package io.aiosedge.federated.internal;

/** Setting checks shared by the components' options; each failure names the property and the value. */
final class Checks {

    private Checks() {
    }

    static String text(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value.trim();
    }

    static String name(String property, String value) {
        String text = text(property, value);
        if (!text.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException(property + " '" + text
                    + "' must be 1-128 letters, digits, '.', '_' or '-'");
        }
        return text;
    }

    static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ": " + value);
        }
        return value;
    }

    static double range(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ": " + value);
        }
        return value;
    }
}
