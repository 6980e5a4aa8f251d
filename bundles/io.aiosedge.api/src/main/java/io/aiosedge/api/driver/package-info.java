/**
 * What AIOS Edge drivers report beyond Kura's {@code Driver} SPI: their connection state, for the shell,
 * the scheduler and monitoring.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.aiosedge.api.driver;
