package io.aiosedge.scheduler.internal.shell;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.aiosedge.api.scheduler.Explanation;
import io.aiosedge.api.scheduler.Locality;
import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskFailedException;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskScheduler;
import io.aiosedge.scheduler.internal.component.TaskSchedulerComponent;
import io.aiosedge.scheduler.internal.policy.Policies;

/**
 * Gogo commands (scope {@code aios}): {@code tasks}, {@code recent}, {@code submit}, {@code policy}, {@code nodes},
 * {@code explain}. {@code policy <name>} writes the scheduler's configuration, so the switch persists and goes
 * through the same path as Kura's UI; a name that is neither built in nor a registered {@link PlacementPolicy}
 * service is refused and nothing is stored.
 */
@Component(service = SchedulerCommands.class, property = {
        "osgi.command.scope=aios",
        "osgi.command.function=tasks",
        "osgi.command.function=recent",
        "osgi.command.function=submit",
        "osgi.command.function=policy",
        "osgi.command.function=nodes",
        "osgi.command.function=explain"})
public final class SchedulerCommands {

    private final ConfigurationAdmin configurationAdmin;
    /** Optional: the scheduler exists only once configured; the commands say so until then. */
    private final AtomicReference<TaskScheduler> schedulerService = new AtomicReference<>();
    /** Names of the registered PlacementPolicy services, by the service object. */
    private final Map<PlacementPolicy, String> registeredPolicies = new ConcurrentHashMap<>();
    private long submitted;

    @Activate
    public SchedulerCommands(@Reference ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTaskScheduler(TaskScheduler service) {
        schedulerService.set(service);
    }

    void unbindTaskScheduler(TaskScheduler service) {
        schedulerService.compareAndSet(service, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPlacementPolicy(PlacementPolicy policy, Map<String, Object> properties) {
        Object name = properties.get(PlacementPolicy.NAME_PROPERTY);
        registeredPolicies.put(policy, name == null ? policy.name() : name.toString());
    }

    void removePlacementPolicy(PlacementPolicy policy) {
        registeredPolicies.remove(policy);
    }

    /** Every name {@code policy <name>} accepts: the built-in ones and the registered services', sorted. */
    List<String> knownPolicies() {
        TreeSet<String> names = new TreeSet<>(Policies.NAMES);
        names.addAll(registeredPolicies.values());
        return List.copyOf(names);
    }

    private TaskScheduler scheduler() {
        TaskScheduler service = schedulerService.get();
        if (service == null) {
            throw new IllegalStateException("the task scheduler is not running: configure "
                    + TaskSchedulerComponent.PID);
        }
        return service;
    }

    /** Queued, assigned and running tasks with the scheduler's counters. */
    public String tasks() {
        return SchedulerReport.active(scheduler().active(), scheduler().statistics(), System.currentTimeMillis());
    }

    /** The 20 most recent finished tasks: node, queue/transfer/compute times, deadline met or missed. */
    public String recent() {
        return recent(20);
    }

    /** The {@code count} most recent finished tasks. */
    public String recent(int count) {
        return SchedulerReport.recent(scheduler().recent(count));
    }

    /**
     * Submits a task and waits for its outcome: {@code submit <model> <deadline ms> <v1,v2,...>} (input shape
     * [1, n], locality ANY).
     */
    public String submit(String model, long deadlineMillis, String values) throws InterruptedException {
        return submit(model, deadlineMillis, values, Locality.ANY.name());
    }

    /** As {@link #submit(String, long, String)} with a locality: ANY or EDGE_ONLY. */
    public String submit(String model, long deadlineMillis, String values, String locality)
            throws InterruptedException {
        String[] parts = values.split(",");
        float[] input = new float[parts.length];
        for (int k = 0; k < parts.length; k++) {
            input[k] = Float.parseFloat(parts[k].trim());
        }
        String id;
        synchronized (this) {
            id = "shell-" + System.currentTimeMillis() + "-" + ++submitted;
        }
        Task task = Task.builder(id, model).model(model).input(input, 1, input.length)
                .deadline(System.currentTimeMillis() + deadlineMillis)
                .locality(Locality.valueOf(locality.trim().toUpperCase(Locale.ROOT))).build();
        try {
            TaskResult result = scheduler().submit(task).toCompletableFuture().get(deadlineMillis + 10_000,
                    TimeUnit.MILLISECONDS);
            return SchedulerReport.result(result);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TaskFailedException) {
                return "task " + id + " failed: " + cause.getMessage();
            }
            return "task " + id + " failed: " + cause;
        } catch (TimeoutException e) {
            return "task " + id + " still running; see aios:tasks";
        }
    }

    /** The policy in effect and the built-in ones. */
    public String policy() {
        String out = "policy: " + scheduler().policy() + System.lineSeparator() + "built in: " + Policies.NAMES;
        List<String> registered = registeredPolicies.values().stream().sorted().toList();
        return registered.isEmpty() ? out : out + System.lineSeparator() + "registered: " + registered;
    }

    /**
     * Switches the policy (effective for the next decision; queued tasks are kept).
     *
     * @throws IllegalArgumentException listing the known policies when {@code name} is none of them; the
     *         configuration is then left as it was
     */
    public String policy(String name) throws IOException {
        String wanted = name == null ? "" : name.trim();
        List<String> known = knownPolicies();
        if (!known.contains(wanted)) {
            throw new IllegalArgumentException("no placement policy '" + name + "'; known: "
                    + String.join(", ", known) + " (nothing was changed)");
        }
        name = wanted;
        Configuration configuration = configurationAdmin.getConfiguration(TaskSchedulerComponent.PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put("policy", name);
        configuration.update(properties);
        return "policy set to " + name + " (was " + scheduler().policy() + ")";
    }

    /** Nodes with their state, the learned execution times per (kind, node) and the prediction errors. */
    public String nodes() {
        TaskScheduler scheduler = scheduler();
        return SchedulerReport.nodes(scheduler.nodes(), scheduler.learnedEstimates(), scheduler.calibration());
    }

    /** The cost table behind a task's placement. */
    public String explain(String taskId) {
        Explanation explanation = scheduler().explain(taskId).orElse(null);
        if (explanation == null) {
            List<String> known = scheduler().recent(5).stream().map(s -> s.taskId()).toList();
            return "no placement known for task " + taskId + " (recent: " + known + ")";
        }
        return SchedulerReport.explain(explanation, scheduler().calibration());
    }
}
