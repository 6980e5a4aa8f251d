package org.eclipse.kura.wire;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code WireComponent}: the marker every node of a Wire graph is registered under. Kura's graph
 * service looks instances up by this object class to map a {@code kura.service.pid} to the {@code service.pid}
 * WireAdmin wires by.
 */
@ProviderType
public interface WireComponent {
}
