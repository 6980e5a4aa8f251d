package org.eclipse.kura.message;

/** Mirrors Kura's {@code KuraAlertStatus}: the status of an alert. */
public enum KuraAlertStatus {
    ACTIVE,
    INACTIVE,
    RESET
}
