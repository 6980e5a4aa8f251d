package io.aiosedge.health.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.aiosedge.api.inference.ModelStatistics;
import io.aiosedge.api.inference.TensorInference;

/**
 * Whether the inference engines ({@link TensorInference}) have the models the gateway needs: every model named in
 * {@code models.required} loaded, at least {@code min.models} loaded in all, and each model's share of failed
 * requests over the last {@code window.s} below the limits.
 */
@Designate(ocd = ModelsLoadedCheck.Config.class)
@Component(name = ModelsLoadedCheck.PID, configurationPid = ModelsLoadedCheck.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {HealthCheck.class, ConfigurableComponent.class},
        property = {"service.pid=" + ModelsLoadedCheck.PID, HealthCheck.NAME + "=AIOS models loaded",
                HealthCheck.TAGS + "=" + HealthChecks.TAG, HealthCheck.TAGS + "=inference"})
public final class ModelsLoadedCheck implements HealthCheck, ConfigurableComponent {

    public static final String PID = "io.aiosedge.health.ModelsLoadedCheck";

    @ObjectClassDefinition(id = PID, name = "AIOS health: models loaded",
            description = "Health check: the models the gateway needs are loaded in an inference engine and answer.")
    @interface Config {
        @AttributeDefinition(name = "Required models", required = false, cardinality = 64,
                description = "Model names that must be loaded (CRITICAL when one is not), e.g. anomaly-edge.")
        String[] models_required() default {};

        @AttributeDefinition(name = "Least models", min = "0", max = "10000",
                description = "CRITICAL when fewer models than this are loaded in all engines together.")
        int min_models() default 1;

        @AttributeDefinition(name = "Error share warning", min = "0", max = "1",
                description = "WARN when at least this share (0 to 1) of a model's requests failed over the window.")
        double error_rate_warn() default 0.05;

        @AttributeDefinition(name = "Error share critical", min = "0", max = "1",
                description = "CRITICAL when at least this share of a model's requests failed; at least the warning"
                        + " limit.")
        double error_rate_critical() default 0.5;

        @AttributeDefinition(name = "Window (s)", min = "10", max = "86400",
                description = "Time over which the error share is counted, in seconds.")
        long window_s() default 300;

        @AttributeDefinition(name = "Least requests", min = "1", max = "1000000",
                description = "Error shares over fewer requests than this are only reported, not judged.")
        int min_calls() default 20;
    }

    record Options(Set<String> required, int minModels, Threshold errorShare, long windowMillis, int minCalls) {
        static Options of(Config c) {
            Threshold.checkRange("min.models", c.min_models(), 0, 10_000);
            Threshold.checkRange("error.rate.warn", c.error_rate_warn(), 0, 1);
            Threshold.checkRange("error.rate.critical", c.error_rate_critical(), 0, 1);
            Threshold.checkRange("window.s", c.window_s(), 10, 86_400);
            Threshold.checkRange("min.calls", c.min_calls(), 1, 1_000_000);
            Set<String> required = new TreeSet<>();
            for (String m : c.models_required() == null ? new String[0] : c.models_required()) {
                if (m != null && !m.isBlank()) {
                    required.add(m.strip());
                }
            }
            return new Options(Set.copyOf(required), c.min_models(),
                    Threshold.above("error.rate", c.error_rate_warn(), c.error_rate_critical()),
                    c.window_s() * 1000, c.min_calls());
        }
    }

    private final Options options;
    private final LongSupplier clock;
    private final Map<String, TensorInference> engines = new ConcurrentHashMap<>();
    private final Map<String, RateWindow> errorWindows = new ConcurrentHashMap<>();

    @Activate
    public ModelsLoadedCheck(Config config) {
        this(config, System::currentTimeMillis);
    }

    ModelsLoadedCheck(Config config, LongSupplier clock) {
        this.options = Options.of(config);
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEngine(TensorInference engine, Map<String, Object> properties) {
        engines.put(HealthChecks.nameOf(properties), engine);
    }

    void removeEngine(TensorInference engine, Map<String, Object> properties) {
        engines.remove(HealthChecks.nameOf(properties), engine);
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        long now = clock.getAsLong();
        Map<String, String> loaded = new TreeMap<>();
        new TreeMap<>(engines).forEach((engineName, engine) -> {
            for (String model : engine.models()) {
                loaded.putIfAbsent(model, engineName);
                ModelStatistics stats;
                try {
                    stats = engine.statistics(model);
                } catch (RuntimeException e) {
                    // Unloaded between models() and statistics(): judged at the next run.
                    continue;
                }
                if (stats == null) {
                    continue;
                }
                RateWindow window = errorWindows.computeIfAbsent(engineName + "/" + model,
                        k -> new RateWindow(options.windowMillis()));
                RateWindow.Rate rate = window.add(now, stats.errors(), stats.calls() + stats.errors());
                String figures = "model '" + model + "' (" + engineName + (stats.version().isEmpty() ? ""
                        : ", version " + stats.version()) + "): " + rate.events() + " of " + rate.total()
                        + " request(s) failed lately";
                if (rate.total() < options.minCalls()) {
                    log.info("{} (too few to judge, fewer than {})", figures, options.minCalls());
                } else {
                    Result.Status status = options.errorShare().judge(rate.share());
                    HealthChecks.log(log, status, figures + ", " + Durations.percent(rate.share()) + " ("
                            + options.errorShare().limitOf(status) + ")");
                }
            }
        });
        errorWindows.keySet().removeIf(key -> !loaded.containsKey(key.substring(key.indexOf('/') + 1)));
        if (engines.isEmpty() && (options.minModels() > 0 || !options.required().isEmpty())) {
            log.critical("no inference engine (is io.aiosedge.inference.tensorflow installed and configured?)");
        }
        List<String> missing = options.required().stream().filter(m -> !loaded.containsKey(m)).toList();
        if (!missing.isEmpty()) {
            log.critical("required model(s) not loaded: {}; loaded: {}", missing,
                    loaded.isEmpty() ? "none" : loaded.keySet());
        }
        if (loaded.size() < options.minModels()) {
            log.critical("{} model(s) loaded, at least {} wanted", loaded.size(), options.minModels());
        } else if (missing.isEmpty()) {
            log.info("{} model(s) loaded: {}", loaded.size(), loaded.isEmpty() ? "none"
                    : Arrays.toString(loaded.keySet().toArray()));
        }
        return new Result(log);
    }
}
