/** Connection state callbacks (mirrors Kura's package org.eclipse.kura.connection.listener, version 1.0.0). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.eclipse.kura.connection.listener;
