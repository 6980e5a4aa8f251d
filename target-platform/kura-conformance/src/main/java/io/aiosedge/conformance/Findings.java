package io.aiosedge.conformance;

import java.util.ArrayList;
import java.util.List;

/** Collects the violations of one bundle while its rules run. */
final class Findings {

    private final String bundle;
    private final List<Violation> violations = new ArrayList<>();

    Findings(String bundle) {
        this.bundle = bundle;
    }

    void report(KuraRule rule, String message) {
        violations.add(new Violation(bundle, rule.id(), message));
    }

    /** How many violations of {@code rule} were reported so far. */
    int count(KuraRule rule) {
        return (int) violations.stream().filter(violation -> violation.rule().equals(rule.id())).count();
    }

    List<Violation> violations() {
        return List.copyOf(violations);
    }
}
