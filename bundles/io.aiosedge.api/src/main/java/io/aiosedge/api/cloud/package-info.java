/**
 * The gateway's link to the cloud as other bundles see it: the measured link state (for placement
 * decisions) and the offload request/reply channel over the broker (for running tasks on a cloud worker or
 * a peer gateway), and publishing with a power-cut-safe acknowledgement that does not block. Provided by the
 * cloud-sync connector; consumed by the scheduler and the cloud worker.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.aiosedge.api.cloud;
