/**
 * Kura's data layer (mirrors Kura's package org.eclipse.kura.data, version 1.1.2). The stand-in has only what the
 * message store needs: {@link org.eclipse.kura.data.DataTransportToken}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.2")
package org.eclipse.kura.data;
