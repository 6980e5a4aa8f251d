/**
 * Checks built bundle jars against the rules a plug-in must follow to run on an Eclipse Kura 5.5 gateway:
 * metatype naming, AD types, configurable components, DS namespace version and package versions.
 * Entry point: {@link io.aiosedge.conformance.KuraConformanceChecker}.
 */
package io.aiosedge.conformance;
