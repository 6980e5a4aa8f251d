/**
 * What Kura's {@code InferenceEngineService} lacks: a fast path on primitive arrays (no boxing),
 * asynchronous calls that the engine may batch, and per-model statistics.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.aiosedge.api.inference;
