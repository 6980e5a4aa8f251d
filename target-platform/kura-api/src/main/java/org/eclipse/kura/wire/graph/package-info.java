/**
 * The Wire graph: its configuration, the component definitions of the Wire Composer's palette, ports and port
 * aggregators (mirrors Kura's package org.eclipse.kura.wire.graph, version 1.0.0).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.eclipse.kura.wire.graph;
