/**
 * The AIOS Task wire component: each record that reaches it in a Kura Wire graph becomes a task for the local
 * {@link io.aiosedge.api.scheduler.TaskScheduler}; the outcome leaves as a record. Internal: not exported.
 */
package io.aiosedge.wires.internal.task;
