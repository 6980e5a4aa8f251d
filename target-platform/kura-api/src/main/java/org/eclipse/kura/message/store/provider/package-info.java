/**
 * The store Kura's DataService keeps every message in before it is sent (mirrors Kura's package
 * org.eclipse.kura.message.store.provider, version 1.0.0).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.eclipse.kura.message.store.provider;
