/** Kura cryptography service (mirrors Kura's package org.eclipse.kura.crypto, version 1.3.0). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.eclipse.kura.crypto;
