package io.aiosedge.scheduler.internal.component;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import io.aiosedge.scheduler.internal.policy.Policies;

/** Settings of the scheduler (Kura: Services → io.aiosedge.scheduler.TaskScheduler). Times in ms. */
@ObjectClassDefinition(id = TaskSchedulerComponent.PID, name = "AIOS Edge task scheduler",
        description = "Decides when each task runs and where: this gateway, a peer gateway or a cloud worker.")
public @interface SchedulerConfig {

    @AttributeDefinition(name = "Placement policy", description = "How tasks are placed; a PlacementPolicy"
            + " service registered with aios.scheduler.policy=<name> may add more names.", options = {
                    @Option(label = "min-completion (earliest estimated finish)", value = Policies.MIN_COMPLETION),
                    @Option(label = "batch-optimal (GAP over a window)", value = Policies.BATCH_OPTIMAL),
                    @Option(label = "joint-inference (edge model, escalate when unsure)",
                            value = Policies.JOINT_INFERENCE),
                    @Option(label = "local-only", value = Policies.LOCAL_ONLY),
                    @Option(label = "cloud-only", value = Policies.CLOUD_ONLY),
                    @Option(label = "round-robin", value = Policies.ROUND_ROBIN),
                    @Option(label = "random", value = Policies.RANDOM)})
    String policy() default Policies.MIN_COMPLETION;

    @AttributeDefinition(name = "Queue bound", description = "Most tasks admitted and not finished at once;"
            + " more are refused with QUEUE_FULL.", min = "1")
    int queue_capacity() default 1000;

    @AttributeDefinition(name = "Batch window (ms)", description = "How long batch-optimal collects tasks"
            + " before placing them together.", min = "1")
    long batch_window_ms() default 20;

    @AttributeDefinition(name = "Batch max tasks", description = "A window is placed at once when it holds"
            + " this many tasks.", min = "1")
    int batch_max_tasks() default 100;

    @AttributeDefinition(name = "Batch exact up to (tasks)", description = "Windows of at most this many tasks"
            + " are solved exactly (branch and bound); larger ones by tabu search.", min = "0")
    int batch_exact_max_tasks() default 16;

    @AttributeDefinition(name = "Batch time budget (ms)", description = "Longest time one window's"
            + " optimisation may take.", min = "1")
    long batch_time_budget_ms() default 20;

    @AttributeDefinition(name = "Deadline penalty (ms)", description = "Cost batch-optimal adds to a placement"
            + " expected to miss the task's deadline.", min = "0")
    double deadline_penalty_ms() default 10_000;

    @AttributeDefinition(name = "Joint inference confidence threshold", description = "Joint inference runs"
            + " the full model remotely when the edge model's confidence is below this (0..1).", min = "0",
            max = "1")
    double joint_confidence_threshold() default 0.8;

    @AttributeDefinition(name = "Degrade to the edge model", description = "When no node can run the full"
            + " model before the deadline, run the task's edge model on the gateway instead of refusing it.")
    boolean degrade_to_edge_model() default true;

    @AttributeDefinition(name = "Drop expired tasks", description = "A task whose deadline passed before it"
            + " could start fails with DEADLINE_EXPIRED instead of running late.")
    boolean drop_expired() default true;

    @AttributeDefinition(name = "Fall back to the gateway", description = "A task whose offload failed on the"
            + " network runs on the gateway instead (edge model if the full one is not there).")
    boolean fallback_locally() default true;

    @AttributeDefinition(name = "Default compute (ms)", description = "Compute time assumed for a task that"
            + " gives no instruction count, before anything is learned.", min = "0")
    double default_compute_ms() default 10;

    @AttributeDefinition(name = "Edge model cost ratio", description = "Compute of a task's edge model relative"
            + " to its full model, before anything is learned (0..1].", min = "0", max = "1")
    double edge_model_cost_ratio() default 0.25;

    @AttributeDefinition(name = "Planning horizon (ms)", description = "Horizon of the capacity model when no"
            + " task of a window has a deadline.", min = "1")
    double horizon_ms() default 1000;

    @AttributeDefinition(name = "Assumed link RTT (ms)", description = "Round trip assumed while the cloud link"
            + " is up but not measured yet.", min = "0")
    double link_default_rtt_ms() default 100;

    @AttributeDefinition(name = "Assumed link bandwidth (bytes/s)", description = "Bandwidth assumed while the"
            + " cloud link is up but not measured yet.", min = "1")
    double link_default_bandwidth() default 1_000_000;

    @AttributeDefinition(name = "Learning weight", description = "Weight of each completed task in the learned"
            + " execution times (0..1]; 1/weight is about the memory in tasks.", min = "0", max = "1")
    double learning_alpha() default 0.1;

    @AttributeDefinition(name = "Learning half-life (ms)", description = "A learned correction of a node that"
            + " is not used any more fades back toward the prior: it keeps half of it after this long, so a node"
            + " that looked slow after a few bad runs is tried again. 0: never fade.", min = "0")
    double learning_halflife_ms() default 30_000;

    @AttributeDefinition(name = "Keep what was learned", description = "Keep the learned times in the bundle's"
            + " data area, so they survive restarts and bundle updates.")
    boolean learning_persist() default true;

    @AttributeDefinition(name = "Gateway minimum free memory (MiB)", description = "The gateway takes no"
            + " full-model task while its free heap is below this (its edge model still runs). 0: no check.",
            min = "0")
    long local_min_free_memory_mb() default 0;

    @AttributeDefinition(name = "Recent tasks kept", description = "Finished tasks kept for status, recent and"
            + " explain.", min = "1")
    int recent_capacity() default 200;

    @AttributeDefinition(name = "Random seed", description = "Seed of the random policy and the heuristic.")
    long random_seed() default 42;

    @AttributeDefinition(name = "Gateway node id", description = "Id of this gateway as a node.")
    String local_node_id() default "gateway";

    @AttributeDefinition(name = "Gateway slots", description = "Tasks the gateway runs at once (0: one per"
            + " core).", min = "0")
    int local_slots() default 0;

    @AttributeDefinition(name = "Gateway speed (instructions/s)", description = "Speed of one gateway slot,"
            + " used with a task's instruction estimate before times are learned.", min = "1")
    double local_speed() default 1e9;

    @AttributeDefinition(name = "Static cloud node id", description = "Id of a cloud node to use even before"
            + " any worker advertises its state; empty for none.", required = false)
    String cloud_node_id() default "";

    @AttributeDefinition(name = "Static cloud node address", description = "Offload capability of the static"
            + " cloud node (one topic level).")
    String cloud_address() default "inference";

    @AttributeDefinition(name = "Static cloud node slots", description = "Tasks the static cloud node runs for"
            + " this gateway at once.", min = "1")
    int cloud_slots() default 8;

    @AttributeDefinition(name = "Static cloud node speed (instructions/s)", description = "Speed of one slot of"
            + " the static cloud node.", min = "1")
    double cloud_speed() default 1e10;

    @AttributeDefinition(name = "Offload timeout (ms)", description = "Longest wait for an offload reply.",
            min = "1")
    long offload_timeout_ms() default 5000;

    @AttributeDefinition(name = "Drain timeout (ms)", description = "On stop or update, longest wait for"
            + " accepted tasks to finish before they fail with SHUTDOWN.", min = "0")
    long drain_timeout_ms() default 10_000;
}
