/** Kura metatype model interfaces (mirrors Kura's package org.eclipse.kura.configuration.metatype, version 1.1.0). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.eclipse.kura.configuration.metatype;
