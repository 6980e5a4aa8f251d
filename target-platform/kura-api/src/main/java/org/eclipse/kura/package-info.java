/** Kura core exceptions, error codes and connection status (mirrors Kura's package org.eclipse.kura, version 1.7.0). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.7.0")
package org.eclipse.kura;
