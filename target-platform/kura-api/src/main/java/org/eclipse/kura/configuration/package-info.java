/** Kura configuration service and configurable components (mirrors Kura's package org.eclipse.kura.configuration, version 1.2.0). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.eclipse.kura.configuration;
