package org.eclipse.kura.driver.descriptor;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code DriverDescriptor}: a driver's PID, factory PID and channel descriptor. */
@ProviderType
public class DriverDescriptor {

    private final String pid;
    private final String factoryPid;
    private final Object channelDescriptor;

    public DriverDescriptor(String pid, String factoryPid, Object channelDescriptor) {
        this.pid = pid;
        this.factoryPid = factoryPid;
        this.channelDescriptor = channelDescriptor;
    }

    public String getPid() {
        return this.pid;
    }

    public String getFactoryPid() {
        return this.factoryPid;
    }

    public Object getChannelDescriptor() {
        return this.channelDescriptor;
    }
}
