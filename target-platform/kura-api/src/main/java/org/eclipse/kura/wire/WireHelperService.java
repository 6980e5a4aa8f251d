package org.eclipse.kura.wire;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.ServiceReference;

/** Mirrors Kura's {@code WireHelperService}: look-ups in the Wire graph and the factory of {@link WireSupport}. */
@ProviderType
public interface WireHelperService {

    /**
     * @param wireComponent a registered wire component
     * @return its {@code kura.service.pid}, or null when it is not registered
     */
    String getPid(WireComponent wireComponent);

    /**
     * @param wireComponentPid a {@code kura.service.pid}
     * @return the {@code service.pid} of the wire component with that name, or null when there is none
     */
    String getServicePid(String wireComponentPid);

    /**
     * @param wireComponent a registered wire component
     * @return its {@code service.pid}, or null when it is not registered
     */
    String getServicePid(WireComponent wireComponent);

    /**
     * @param wireComponentPid a {@code kura.service.pid}
     * @return whether the wire component with that name is an emitter
     */
    boolean isEmitter(String wireComponentPid);

    /**
     * @param wireComponentPid a {@code kura.service.pid}
     * @return whether the wire component with that name is a receiver
     */
    boolean isReceiver(String wireComponentPid);

    /**
     * Makes the wire support of a component, from the properties of the component's own service reference
     * ({@code service.pid}, {@code kura.service.pid} and the port counts).
     *
     * @param wireComponent the component
     * @param wireComponentRef the component's service reference
     * @return the wire support (Kura's: null when the reference is null)
     */
    WireSupport newWireSupport(WireComponent wireComponent, ServiceReference<WireComponent> wireComponentRef);
}
