/**
 * What AIOS Edge drivers report beyond Kura's {@code Driver} SPI: their connection state, for the shell,
 * the scheduler and monitoring; and {@link io.aiosedge.api.driver.ChannelSpec}, a channel written as text (since 1.1).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.aiosedge.api.driver;
