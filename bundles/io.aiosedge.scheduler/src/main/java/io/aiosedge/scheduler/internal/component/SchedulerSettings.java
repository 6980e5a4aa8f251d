package io.aiosedge.scheduler.internal.component;

import java.util.Locale;

import io.aiosedge.scheduler.internal.core.SchedulerOptions;
import io.aiosedge.scheduler.internal.policy.PolicyOptions;

/**
 * The scheduler component's configuration, validated, immutable. Every bad value is refused with an
 * IllegalArgumentException naming the property and the value.
 *
 * @param policy name of the placement policy (built in or a registered PlacementPolicy service)
 * @param engine tunables of the engine
 * @param policies settings of the built-in policies
 * @param localNodeId id of this gateway as a node
 * @param localSlots tasks the gateway runs at once
 * @param localSpeed speed of one local slot, instructions/s
 * @param cloudNodeId id of a statically configured cloud node; empty for none
 * @param cloudAddress offload capability of that node
 * @param cloudSlots its slots
 * @param cloudSpeed speed of one of its slots, instructions/s
 * @param offloadTimeoutMillis longest wait for an offload reply, ms
 * @param drainTimeoutMillis longest wait for accepted tasks when the scheduler stops, ms
 * @param persistLearning whether what the cost model learned is kept in the bundle's data area across restarts
 */
record SchedulerSettings(String policy, SchedulerOptions engine, PolicyOptions policies, String localNodeId,
        int localSlots, double localSpeed, String cloudNodeId, String cloudAddress, int cloudSlots, double cloudSpeed,
        long offloadTimeoutMillis, long drainTimeoutMillis, boolean persistLearning) {

    static SchedulerSettings from(SchedulerConfig config) {
        String policy = config.policy().trim().toLowerCase(Locale.ROOT);
        require(!policy.isEmpty(), "policy", config.policy(), "must name a policy");
        require(config.queue_capacity() >= 1, "queue.capacity", config.queue_capacity(), "must be >= 1");
        require(config.batch_window_ms() >= 1, "batch.window.ms", config.batch_window_ms(), "must be >= 1");
        require(config.batch_max_tasks() >= 1, "batch.max.tasks", config.batch_max_tasks(), "must be >= 1");
        require(config.batch_exact_max_tasks() >= 0, "batch.exact.max.tasks", config.batch_exact_max_tasks(),
                "must be >= 0");
        require(config.batch_time_budget_ms() >= 1, "batch.time.budget.ms", config.batch_time_budget_ms(),
                "must be >= 1");
        require(config.joint_confidence_threshold() >= 0 && config.joint_confidence_threshold() <= 1,
                "joint.confidence.threshold", config.joint_confidence_threshold(), "must be in [0, 1]");
        require(config.default_compute_ms() > 0, "default.compute.ms", config.default_compute_ms(), "must be > 0");
        require(config.edge_model_cost_ratio() > 0 && config.edge_model_cost_ratio() <= 1, "edge.model.cost.ratio",
                config.edge_model_cost_ratio(), "must be in (0, 1]");
        require(config.horizon_ms() > 0, "horizon.ms", config.horizon_ms(), "must be > 0");
        require(config.link_default_rtt_ms() >= 0, "link.default.rtt.ms", config.link_default_rtt_ms(), "must be >= 0");
        require(config.link_default_bandwidth() > 0, "link.default.bandwidth", config.link_default_bandwidth(),
                "must be > 0");
        require(config.learning_alpha() > 0 && config.learning_alpha() <= 1, "learning.alpha", config.learning_alpha(),
                "must be in (0, 1]");
        require(config.recent_capacity() >= 1, "recent.capacity", config.recent_capacity(), "must be >= 1");
        require(!config.local_node_id().isBlank(), "local.node.id", config.local_node_id(), "must not be blank");
        require(config.local_slots() >= 0, "local.slots", config.local_slots(), "must be >= 0 (0: one per core)");
        require(config.local_speed() > 0, "local.speed", config.local_speed(), "must be > 0");
        require(config.cloud_slots() >= 1, "cloud.slots", config.cloud_slots(), "must be >= 1");
        require(config.cloud_speed() > 0, "cloud.speed", config.cloud_speed(), "must be > 0");
        String address = config.cloud_address().trim();
        require(!address.contains("/") && !address.contains("+") && !address.contains("#"), "cloud.address",
                config.cloud_address(), "must be one MQTT topic level");
        require(!config.cloud_node_id().trim().isEmpty() ? !address.isEmpty() : true, "cloud.address",
                config.cloud_address(), "must not be empty when cloud.node.id is set");
        require(config.offload_timeout_ms() >= 1, "offload.timeout.ms", config.offload_timeout_ms(), "must be >= 1");
        require(config.drain_timeout_ms() >= 0, "drain.timeout.ms", config.drain_timeout_ms(), "must be >= 0");
        int slots = config.local_slots() == 0 ? Runtime.getRuntime().availableProcessors() : config.local_slots();
        require(config.learning_halflife_ms() >= 0, "learning.halflife.ms", config.learning_halflife_ms(),
                "must be >= 0 (0: learned factors never fade)");
        require(config.local_min_free_memory_mb() >= 0, "local.min.free.memory.mb", config.local_min_free_memory_mb(),
                "must be >= 0 (0: no check)");
        SchedulerOptions engine = SchedulerOptions.builder().queueCapacity(config.queue_capacity())
                .batchWindowMillis(config.batch_window_ms()).batchMaxTasks(config.batch_max_tasks())
                .degradeToEdgeModel(config.degrade_to_edge_model()).dropExpired(config.drop_expired())
                .fallbackLocally(config.fallback_locally()).defaultComputeMillis(config.default_compute_ms())
                .edgeModelCostRatio(config.edge_model_cost_ratio()).horizonMillis(config.horizon_ms())
                .defaultRttMillis(config.link_default_rtt_ms())
                .defaultBandwidthBytesPerSecond(config.link_default_bandwidth())
                .learningAlpha(config.learning_alpha()).recentCapacity(config.recent_capacity())
                .learningHalfLifeMillis(config.learning_halflife_ms())
                .localMinFreeMemoryBytes(config.local_min_free_memory_mb() * 1_048_576L).build();
        PolicyOptions policies = new PolicyOptions(config.random_seed(), config.joint_confidence_threshold(),
                config.batch_exact_max_tasks(), config.batch_time_budget_ms(), config.deadline_penalty_ms());
        return new SchedulerSettings(policy, engine, policies, config.local_node_id().trim(), slots,
                config.local_speed(), config.cloud_node_id().trim(), address, config.cloud_slots(), config.cloud_speed(),
                config.offload_timeout_ms(), config.drain_timeout_ms(), config.learning_persist());
    }

    private static void require(boolean ok, String property, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("property " + property + " = '" + value + "' " + rule);
        }
    }
}
