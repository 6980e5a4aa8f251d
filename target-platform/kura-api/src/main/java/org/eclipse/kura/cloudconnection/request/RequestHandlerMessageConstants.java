package org.eclipse.kura.cloudconnection.request;

/** Mirrors Kura's {@code RequestHandlerMessageConstants}: property names of request messages. */
public enum RequestHandlerMessageConstants {

    ARGS_KEY("args");

    private final String value;

    private RequestHandlerMessageConstants(String value) {
        this.value = value;
    }

    /** @return the property name */
    public String value() {
        return this.value;
    }
}
