package org.eclipse.kura.cloudconnection.request;

/** Mirrors Kura's {@code RequestHandlerContextConstants}: keys of {@link RequestHandlerContext#getContextProperties()}. */
public enum RequestHandlerContextConstants {
    TENANT_ID,
    DEVICE_ID,
    NOTIFICATION_PUBLISHER_PID
}
