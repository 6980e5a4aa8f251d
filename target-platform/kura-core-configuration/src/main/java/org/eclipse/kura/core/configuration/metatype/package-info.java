/** JAXB-style metatype beans of Kura's core configuration bundle (mirrors Kura's package org.eclipse.kura.core.configuration.metatype, version 1.0.0). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.eclipse.kura.core.configuration.metatype;
