package org.eclipse.kura.wire.graph;

/** Mirrors Kura's {@code wire.graph.Constants}: the property names of wires and of components' port counts. */
public enum Constants {

    WIRE_EMITTER_PORT_PROP_NAME("emitter.port"),
    WIRE_RECEIVER_PORT_PROP_NAME("receiver.port"),
    RECEIVER_PORT_COUNT_PROP_NAME("receiver.port.count"),
    EMITTER_PORT_COUNT_PROP_NAME("emitter.port.count"),
    RECEIVER_KURA_SERVICE_PID_PROP_NAME("receiver.kura.service.pid"),
    EMITTER_KURA_SERVICE_PID_PROP_NAME("emitter.kura.service.pid");

    private final String propertyName;

    Constants(String propertyName) {
        this.propertyName = propertyName;
    }

    /** @return the property name */
    public String value() {
        return propertyName;
    }

    /**
     * @param v a property name
     * @return the constant with that name
     * @throws IllegalArgumentException (message: the name) when no constant has it
     */
    public static Constants fromValue(String v) {
        for (Constants constant : values()) {
            if (constant.propertyName.equals(v)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(v);
    }
}
