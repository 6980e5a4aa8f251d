package org.eclipse.kura.cloudconnection;

/** Mirrors Kura's {@code CloudConnectionConstants}: property names shared by cloud connection components. */
public enum CloudConnectionConstants {

    CLOUD_ENDPOINT_SERVICE_PID_PROP_NAME("cloud.endpoint.service.pid"),
    CLOUD_CONNECTION_FACTORY_PID_PROP_NAME("cloud.connection.factory.pid");

    private final String value;

    private CloudConnectionConstants(String value) {
        this.value = value;
    }

    /** @return the property name */
    public String value() {
        return this.value;
    }
}
