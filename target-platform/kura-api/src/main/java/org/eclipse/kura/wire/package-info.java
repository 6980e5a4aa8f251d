/**
 * Kura Wires: components that pass records to each other along wires (mirrors Kura's package
 * org.eclipse.kura.wire, version 2.0.0). The types extend OSGi WireAdmin's Producer, Consumer and BasicEnvelope,
 * so a bundle using them also needs org.osgi.service.wireadmin.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.eclipse.kura.wire;
