package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraConnectionStatus}: connection state constants. */
@ProviderType
public class KuraConnectionStatus {

    public static final int NEVERCONNECTED = -1;
    public static final int DISCONNECTED = 0;
    public static final int CONNECTING = 1;
    public static final int CONNECTED = 2;
    public static final int DISCONNECTING = 3;
}
