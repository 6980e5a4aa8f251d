package io.aiosedge.e2e.probe;

import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.cloudconnection.request.RequestHandlerMessageConstants;
import org.eclipse.kura.message.KuraPayload;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.scheduler.NodeState;
import io.aiosedge.api.scheduler.TaskScheduler;

/**
 * Test fixture installed into the gateway of the end-to-end tests (never shipped): a cloud command
 * ({@code aios/v1/<tenant>/<gateway>/commands/probe}) that submits labelled windows to the gateway's real
 * {@link TaskScheduler} and reports every task's outcome, so a test outside the gateway's JVM can drive and
 * measure the gateway, the broker and the workers together.
 *
 * <ul>
 * <li>EXEC, metrics {@code run}, {@code count}, {@code seed}, {@code signals}, {@code rate.per.s} (0: all at once),
 * {@code model}, {@code edge.model}, {@code deadline.ms}, {@code policy} (switches the scheduler's policy first), and
 * for a mixed workload {@code large.share}, {@code large.rows}, {@code large.deadline.ms}, {@code large.priority},
 * {@code small.priority}, and {@code machine} ({@code old}, the default: the models' conditions; {@code shifted}: a
 * machine they never saw): starts a run in the background, answers at once.</li>
 * <li>GET {@code [run]}: metrics {@code state} (RUNNING/DONE), {@code submitted}, {@code finished}; when done the
 * body holds one tab-separated line per task (see {@link WorkloadRun#header()}).</li>
 * <li>GET {@code nodes}: the scheduler's nodes as lines {@code id kind address available slots}.</li>
 * </ul>
 */
@Component(service = RequestHandler.class, immediate = true, property = "aios.request.handler.id=probe")
public final class WorkloadProbe implements RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WorkloadProbe.class);
    private static final String SCHEDULER_PID = "io.aiosedge.scheduler.TaskScheduler";
    private static final long POLICY_SWITCH_MILLIS = 10_000;

    private final TaskScheduler scheduler;
    private final ConfigurationAdmin configurationAdmin;
    private final Map<String, WorkloadRun> runs = new ConcurrentHashMap<>();

    @Activate
    public WorkloadProbe(@Reference TaskScheduler scheduler, @Reference ConfigurationAdmin configurationAdmin) {
        this.scheduler = scheduler;
        this.configurationAdmin = configurationAdmin;
    }

    @Deactivate
    void deactivate() {
        runs.values().forEach(WorkloadRun::stop);
    }

    @Override
    public KuraMessage doExec(RequestHandlerContext context, KuraMessage request) throws KuraException {
        KuraPayload in = request.getPayload();
        String runId = text(in, "run", "");
        if (runId.isEmpty() || runs.containsKey(runId)) {
            throw new KuraException(KuraErrorCode.BAD_REQUEST, "metric 'run' must name a new run, got '" + runId + "'");
        }
        String policy = text(in, "policy", "");
        if (!policy.isEmpty()) {
            switchPolicy(policy);
        }
        int count = number(in, "count", 100).intValue();
        String machine = text(in, "machine", "old");
        if (!machine.equals("old") && !machine.equals("shifted")) {
            throw new KuraException(KuraErrorCode.BAD_REQUEST, "metric 'machine' must be 'old' or 'shifted', got '"
                    + machine + "'");
        }
        LabelledSet set = LabelledSet.generate(number(in, "seed", 2001).longValue(),
                number(in, "signals", 6).intValue(), count, machine.equals("shifted"));
        WorkloadRun.Mix mix = new WorkloadRun.Mix(number(in, "large.share", 0).doubleValue(),
                number(in, "large.rows", 64).intValue(), number(in, "large.deadline.ms", 5_000).longValue(),
                number(in, "large.priority", 6).intValue(), number(in, "small.priority", 5).intValue(),
                number(in, "seed", 2001).longValue());
        WorkloadRun run = new WorkloadRun(runId, scheduler, set, text(in, "model", "anomaly-cloud"),
                text(in, "edge.model", ""), number(in, "deadline.ms", 10_000).longValue(),
                number(in, "rate.per.s", 0).doubleValue(), mix);
        runs.put(runId, run);
        run.start();
        LOG.info("probe run {} started: {} windows, policy {}", runId, set.labels.length, scheduler.policy());
        KuraPayload out = new KuraPayload();
        out.addMetric("run", runId);
        out.addMetric("count", set.labels.length);
        out.addMetric("policy", scheduler.policy());
        return new KuraMessage(out);
    }

    @Override
    public KuraMessage doGet(RequestHandlerContext context, KuraMessage request) throws KuraException {
        List<?> args = (List<?>) request.getProperties().get(RequestHandlerMessageConstants.ARGS_KEY.value());
        String what = args == null || args.isEmpty() ? "" : String.valueOf(args.get(0));
        KuraPayload out = new KuraPayload();
        if (what.equals("nodes")) {
            StringBuilder lines = new StringBuilder();
            for (NodeState n : scheduler.nodes()) {
                lines.append(n.id()).append('\t').append(n.kind()).append('\t').append(n.node().address()).append('\t')
                        .append(n.available()).append('\t').append(n.node().slots()).append('\n');
            }
            out.addMetric("policy", scheduler.policy());
            out.setBody(lines.toString().getBytes(StandardCharsets.UTF_8));
            return new KuraMessage(out);
        }
        WorkloadRun run = runs.get(what);
        if (run == null) {
            throw new KuraException(KuraErrorCode.NOT_FOUND, "no run '" + what + "'");
        }
        out.addMetric("state", run.done() ? "DONE" : "RUNNING");
        out.addMetric("submitted", run.submitted());
        out.addMetric("finished", run.finished());
        if (run.done()) {
            out.setBody(run.report().getBytes(StandardCharsets.UTF_8));
        }
        return new KuraMessage(out);
    }

    /** Writes the scheduler's policy and waits until it is in effect. */
    private void switchPolicy(String policy) throws KuraException {
        try {
            Configuration configuration = configurationAdmin.getConfiguration(SCHEDULER_PID, "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                properties = new Hashtable<>();
            }
            properties.put("policy", policy);
            configuration.update(properties);
        } catch (java.io.IOException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_ERROR, e, "policy not switched: " + e.getMessage());
        }
        long deadline = System.nanoTime() + POLICY_SWITCH_MILLIS * 1_000_000L;
        while (!scheduler.policy().equals(policy)) {
            if (System.nanoTime() > deadline) {
                throw new KuraException(KuraErrorCode.TIMED_OUT, "the scheduler did not switch to " + policy
                        + " within " + POLICY_SWITCH_MILLIS + " ms (it runs " + scheduler.policy() + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KuraException(KuraErrorCode.TIMED_OUT, "interrupted");
            }
        }
    }

    private static String text(KuraPayload p, String name, String fallback) {
        Object v = p == null ? null : p.getMetric(name);
        return v == null ? fallback : v.toString().trim();
    }

    private static Number number(KuraPayload p, String name, Number fallback) throws KuraException {
        Object v = p == null ? null : p.getMetric(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number) {
            return (Number) v;
        }
        try {
            return Double.valueOf(v.toString().trim().toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            throw new KuraException(KuraErrorCode.BAD_REQUEST, "metric '" + name + "' = '" + v + "' is not a number");
        }
    }
}
