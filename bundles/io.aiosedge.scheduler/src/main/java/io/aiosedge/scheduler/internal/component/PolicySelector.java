package io.aiosedge.scheduler.internal.component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.scheduler.PlacementPolicy;
import io.aiosedge.scheduler.internal.policy.Policies;

/**
 * Which placement policy the settings name: a {@link PlacementPolicy} service registered under that name wins, else
 * the built-in policy of that name (one instance kept while its name and options stay the same, so that what it
 * learned survives unrelated changes), else min-completion with a warning.
 */
final class PolicySelector {

    private static final Logger LOG = LoggerFactory.getLogger(PolicySelector.class);

    private record NamedPolicy(PlacementPolicy policy, String name) {
    }

    private final List<NamedPolicy> services = new CopyOnWriteArrayList<>();
    private volatile String builtInName = "";
    private volatile PlacementPolicy builtIn;

    /** A policy service arrived; its name is its {@value PlacementPolicy#NAME_PROPERTY}, else its own name. */
    void add(PlacementPolicy policy, Map<String, Object> properties) {
        Object name = properties.get(PlacementPolicy.NAME_PROPERTY);
        services.add(new NamedPolicy(policy, name == null ? policy.name() : name.toString()));
    }

    void remove(PlacementPolicy policy) {
        services.removeIf(named -> named.policy() == policy);
    }

    /** The next {@link #choose} makes a new built-in instance (its name or options changed). */
    void forgetBuiltIn() {
        builtInName = "";
    }

    /** The policy for these settings. */
    PlacementPolicy choose(SchedulerSettings current) {
        for (NamedPolicy named : services) {
            if (named.name().equals(current.policy())) {
                return named.policy();
            }
        }
        String name = Policies.NAMES.contains(current.policy()) ? current.policy() : Policies.MIN_COMPLETION;
        if (!name.equals(current.policy())) {
            LOG.warn("No placement policy '{}' (built in: {}; none registered as a service yet); using {}",
                    current.policy(), Policies.NAMES, name);
        }
        if (!name.equals(builtInName) || builtIn == null) {
            builtIn = Policies.create(name, current.policies());
            builtInName = name;
        }
        return builtIn;
    }
}
