package io.aiosedge.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * Waits until every DS component of our bundles is up (immediate ones ACTIVE, delayed ones SATISFIED) and every
 * configuration of ours in the configuration files has its component, then says so — or, at the deadline, lists
 * what is not up and why (the failed activation's message, the missing references).
 */
final class ComponentReport {

    private final int active;
    private final int satisfied;
    private final List<String> problems;

    private ComponentReport(int active, int satisfied, List<String> problems) {
        this.active = active;
        this.satisfied = satisfied;
        this.problems = problems;
    }

    static ComponentReport await(FrameworkServices services, Object scr, List<ConfigurationFile> files,
            long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            ComponentReport report = snapshot(services, scr, files);
            if (report.allUp() || System.nanoTime() > deadline) {
                return report;
            }
            Thread.sleep(20);
        }
    }

    private static ComponentReport snapshot(FrameworkServices services, Object scr, List<ConfigurationFile> files)
            throws Exception {
        List<FrameworkServices.ComponentState> states = services.components(scr, GatewayLauncher.OUR_BUNDLES);
        int active = 0;
        int satisfied = 0;
        List<String> problems = new ArrayList<>();
        for (FrameworkServices.ComponentState state : states) {
            if (state.state == FrameworkServices.ComponentState.ACTIVE) {
                active++;
            } else if (state.state == FrameworkServices.ComponentState.SATISFIED) {
                satisfied++;
            } else {
                problems.add(state.component + (state.kuraServicePid == null ? "" : " (" + state.kuraServicePid + ")")
                        + " in " + state.bundle + ": " + (state.problem == null ? "state " + state.state
                                : state.problem));
            }
        }
        for (ConfigurationFile file : files) {
            for (ConfigurationFile.Entry entry : file.entries().values()) {
                String pid = entry.isFactory() ? entry.factoryPid : entry.pid;
                if (!pid.startsWith(GatewayLauncher.OUR_BUNDLES)) {
                    continue;
                }
                String instance = entry.isFactory() ? entry.instance : null;
                boolean found = states.stream().anyMatch(s -> pid.equals(s.pid)
                        && (instance == null || instance.equals(s.kuraServicePid)));
                if (!found) {
                    problems.add(entry.name + " (" + file.source() + "): no component has this configuration"
                            + " (is its Deployment Package installed?)");
                }
            }
        }
        return new ComponentReport(active, satisfied, problems);
    }

    boolean allUp() {
        return this.problems.isEmpty();
    }

    List<String> problems() {
        return this.problems;
    }

    String summary() {
        return this.active + " components active, " + this.satisfied + " satisfied (delayed)"
                + (this.problems.isEmpty() ? "" : ", " + this.problems.size() + " not up");
    }
}
