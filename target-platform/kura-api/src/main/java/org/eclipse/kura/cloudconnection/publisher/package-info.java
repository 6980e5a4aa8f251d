/** Kura cloud publishers (mirrors Kura's package org.eclipse.kura.cloudconnection.publisher, version 1.0.0). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.eclipse.kura.cloudconnection.publisher;
