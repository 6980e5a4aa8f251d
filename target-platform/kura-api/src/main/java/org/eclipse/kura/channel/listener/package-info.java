/** Kura channel listeners and events (mirrors Kura's package org.eclipse.kura.channel.listener, version 1.0.0). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.eclipse.kura.channel.listener;
