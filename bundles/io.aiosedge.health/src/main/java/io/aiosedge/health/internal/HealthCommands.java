package io.aiosedge.health.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo command {@code aios:health [check name or tag]}: runs the AIOS health checks and prints the overall status,
 * then each check with its findings, worst first.
 */
@Component(service = Object.class, property = {"osgi.command.scope=aios", "osgi.command.function=health"})
public final class HealthCommands {

    private final HealthRunner runner;

    @Activate
    public HealthCommands(@Reference HealthRunner runner) {
        this.runner = runner;
    }

    public String health() {
        return runner.run(null).format();
    }

    public String health(String selector) {
        if (selector == null || selector.isBlank()) {
            return health();
        }
        HealthReport report = runner.run(selector.strip());
        if (report.checks().isEmpty()) {
            return "no AIOS health check named or tagged '" + selector.strip() + "'; tags: cloud, inference, drivers,"
                    + " scheduler (aios:health for all)" + System.lineSeparator();
        }
        return report.format();
    }
}
