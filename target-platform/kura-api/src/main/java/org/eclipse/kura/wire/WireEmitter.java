package org.eclipse.kura.wire;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.service.wireadmin.Producer;

/** Mirrors Kura's {@code WireEmitter}: a component with an output port (a WireAdmin {@link Producer}). */
@ConsumerType
public interface WireEmitter extends WireComponent, Producer {
}
