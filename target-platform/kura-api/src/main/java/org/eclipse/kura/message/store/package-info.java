/** Messages kept by a message store (mirrors Kura's package org.eclipse.kura.message.store, version 1.0.0). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.eclipse.kura.message.store;
