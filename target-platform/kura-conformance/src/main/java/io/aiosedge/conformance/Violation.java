package io.aiosedge.conformance;

import java.util.Objects;

/**
 * One way a bundle breaks a Kura rule.
 *
 * @param bundle the jar's file name
 * @param rule the rule id, one of {@link KuraRule#id()}
 * @param message what is wrong, naming the offending file, component, attribute or package, the bad value
 *     and what Kura expects instead
 */
public record Violation(String bundle, String rule, String message) {

    /** Rejects null fields so that every printed violation is complete. */
    public Violation {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    /** Returns {@code <bundle>: [<rule>] <message>}, the line the command line prints. */
    @Override
    public String toString() {
        return bundle + ": [" + rule + "] " + message;
    }
}
