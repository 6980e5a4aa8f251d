package org.eclipse.kura.wire.multiport;

import org.eclipse.kura.wire.WireComponent;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.service.wireadmin.Consumer;

/**
 * Mirrors Kura's {@code MultiportWireReceiver}: a component that receives port by port (through
 * {@code MultiportWireSupport.getReceiverPorts()}); it must not also be a WireReceiver, whose
 * {@code onWireReceive} would take every port.
 */
@ConsumerType
public interface MultiportWireReceiver extends Consumer, WireComponent {
}
