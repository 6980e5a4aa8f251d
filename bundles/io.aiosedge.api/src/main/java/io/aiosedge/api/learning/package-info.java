/**
 * How a new model version reaches the gateways: the model offer ({@value ModelOffers#FORMAT}), one format for every
 * cloud component that makes versions (the incremental trainer of {@code io.aiosedge.learning.cloud}, the federated
 * coordinator of {@code io.aiosedge.federated}) and for the gateway component that installs them
 * ({@code io.aiosedge.learning}'s model updates, which hands an offer to the engine's {@code models} handler).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.aiosedge.api.learning;
