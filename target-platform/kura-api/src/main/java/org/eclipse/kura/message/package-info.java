/** Kura payloads, positions and topics (mirrors Kura's package org.eclipse.kura.message, version 1.5.0). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.eclipse.kura.message;
