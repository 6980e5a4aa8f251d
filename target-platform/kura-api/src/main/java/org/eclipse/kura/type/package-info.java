/** Typed values of channels and metrics (mirrors Kura's package org.eclipse.kura.type, version 1.1.0). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.eclipse.kura.type;
