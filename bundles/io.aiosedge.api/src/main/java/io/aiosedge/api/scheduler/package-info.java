/**
 * The local scheduler's contracts: tasks and their results, the {@link io.aiosedge.api.scheduler.TaskScheduler}
 * service, the nodes a task may run on (the gateway itself, peer gateways, cloud workers) and the two
 * whiteboard SPIs that make placement pluggable: {@link io.aiosedge.api.scheduler.PlacementPolicy} (where a
 * task runs, decided from a {@link io.aiosedge.api.scheduler.CostTable}) and
 * {@link io.aiosedge.api.scheduler.TaskExecutor} (how it runs there). Node state reaches the scheduler
 * through {@link io.aiosedge.api.scheduler.NodeStateSource} services; completed tasks reach
 * {@link io.aiosedge.api.scheduler.TaskCompletionListener} services (since 1.2).
 *
 * <p>Units: times in milliseconds, wall-clock instants in ms since the epoch, sizes in bytes, work in
 * instructions, speeds in instructions per second.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.aiosedge.api.scheduler;
