package io.aiosedge.driver.simulated.signal;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link SignalSpec} or {@link WindowGenerator} component has a value outside its range. The component is
 * named as in the record (e.g. {@code periodMs}) so that callers can map it to their own property names.
 */
@ProviderType
public final class InvalidSignalSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String component;
    private final transient Object value;
    private final String reason;

    /**
     * @param component the record component, e.g. {@code "noiseSigma"}
     * @param value the rejected value
     * @param reason why it is rejected, e.g. {@code "must be at least 0"}
     */
    public InvalidSignalSpecException(String component, Object value, String reason) {
        super(component + " = " + value + ": " + reason);
        this.component = component;
        this.value = value;
        this.reason = reason;
    }

    /** @return the name of the record component whose value is rejected */
    public String component() {
        return this.component;
    }

    /** @return the rejected value (may be null) */
    public Object value() {
        return this.value;
    }

    /** @return why the value is rejected, without the component and value */
    public String reason() {
        return this.reason;
    }
}
