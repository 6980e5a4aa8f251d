package org.eclipse.kura.message;

import java.util.Date;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code KuraAlertPayload}: a payload describing an alert. The reserved metrics hold the code
 * ({@code String}), the severity and status (their enum names, {@code String}), the message ({@code String})
 * and the creation timestamp (milliseconds since the epoch, {@code Long}).
 */
@ProviderType
public class KuraAlertPayload extends KuraPayload {

    public static final String CODE_METRIC_NAME = "alert_code";
    public static final String SEVERITY_METRIC_NAME = "alert_severity";
    public static final String STATUS_METRIC_NAME = "alert_status";
    public static final String MESSAGE_METRIC_NAME = "alert_message";
    public static final String CREATION_TIMESTAMP_METRIC_NAME = "alert_creation_date";

    /**
     * Creates an alert created now.
     *
     * @throws NullPointerException if an argument is null
     */
    public KuraAlertPayload(String code, KuraAlertSeverity severity, KuraAlertStatus status) {
        super();
        setCode(code);
        setSeverity(severity);
        setStatus(status);
        setCreationTimestamp(new Date());
    }

    public void setCode(String code) {
        super.addMetric(CODE_METRIC_NAME, Objects.requireNonNull(code, "code cannot be null"));
    }

    public void setSeverity(KuraAlertSeverity severity) {
        super.addMetric(SEVERITY_METRIC_NAME, Objects.requireNonNull(severity, "severity cannot be null").name());
    }

    public void setStatus(KuraAlertStatus status) {
        super.addMetric(STATUS_METRIC_NAME, Objects.requireNonNull(status, "status cannot be null").name());
    }

    public void setCreationTimestamp(Date timestamp) {
        super.addMetric(CREATION_TIMESTAMP_METRIC_NAME,
                Objects.requireNonNull(timestamp, "timestamp cannot be null").getTime());
    }

    /** @param message the message; null removes it */
    public void setMessage(String message) {
        super.addMetric(MESSAGE_METRIC_NAME, message);
    }

    public String getCode() {
        return (String) getMetric(CODE_METRIC_NAME);
    }

    public KuraAlertSeverity getSeverity() {
        return KuraAlertSeverity.valueOf((String) getMetric(SEVERITY_METRIC_NAME));
    }

    public KuraAlertStatus getStatus() {
        return KuraAlertStatus.valueOf((String) getMetric(STATUS_METRIC_NAME));
    }

    public String getMessage() {
        return (String) getMetric(MESSAGE_METRIC_NAME);
    }

    public Date getCreationTimestamp() {
        return new Date((Long) getMetric(CREATION_TIMESTAMP_METRIC_NAME));
    }

    /**
     * Adds a metric; the reserved metrics go through their setters, so they accept only values of their
     * type: code and message {@code String}, severity and status their enum or its name, creation timestamp a
     * {@link Date} or a {@link Long}. Only the message may be removed with a null value.
     *
     * @throws IllegalArgumentException if a reserved metric gets a value of the wrong type
     */
    @Override
    public void addMetric(String name, Object value) {
        if (CODE_METRIC_NAME.equals(name)) {
            setCode(requireType(name, value, String.class));
        } else if (SEVERITY_METRIC_NAME.equals(name)) {
            setSeverity(value instanceof KuraAlertSeverity ? (KuraAlertSeverity) value
                    : parse(name, value, KuraAlertSeverity.class));
        } else if (STATUS_METRIC_NAME.equals(name)) {
            setStatus(value instanceof KuraAlertStatus ? (KuraAlertStatus) value
                    : parse(name, value, KuraAlertStatus.class));
        } else if (CREATION_TIMESTAMP_METRIC_NAME.equals(name)) {
            setCreationTimestamp(value instanceof Date ? (Date) value : new Date(requireType(name, value, Long.class)));
        } else if (MESSAGE_METRIC_NAME.equals(name)) {
            setMessage(value == null ? null : requireType(name, value, String.class));
        } else {
            super.addMetric(name, value);
        }
    }

    private static <T> T requireType(String name, Object value, Class<T> type) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("Metric " + name + " must be a " + type.getSimpleName() + ", not "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return type.cast(value);
    }

    private static <E extends Enum<E>> E parse(String name, Object value, Class<E> type) {
        String text = requireType(name, value, String.class);
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Metric " + name + " has an invalid value: " + text, e);
        }
    }
}
