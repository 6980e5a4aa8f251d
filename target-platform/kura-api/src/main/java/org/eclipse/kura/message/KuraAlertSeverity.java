package org.eclipse.kura.message;

/** Mirrors Kura's {@code KuraAlertSeverity}: the severity of an alert. */
public enum KuraAlertSeverity {
    WARNING,
    CRITICAL
}
