package org.eclipse.kura.wire.multiport;

import org.eclipse.kura.wire.WireComponent;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.service.wireadmin.Producer;

/** Mirrors Kura's {@code MultiportWireEmitter}: a component that sends port by port. */
@ConsumerType
public interface MultiportWireEmitter extends Producer, WireComponent {
}
