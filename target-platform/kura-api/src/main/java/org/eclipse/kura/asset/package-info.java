/**
 * Kura Assets: named channels of a device read and written through its driver (mirrors Kura's package
 * org.eclipse.kura.asset, version 1.0.0).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.eclipse.kura.asset;
