package io.aiosedge.gateway;

import java.util.Collection;
import java.util.Iterator;

import org.osgi.framework.Version;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Keeps every bundle that can use the slf4j 1.7 API on it. The platform (and Kura) provide slf4j 1.7, and our
 * bundles log through it; Jetty 12 under the web console needs the slf4j 2 API, which also exports its packages as
 * version 1.7.36 for old clients. Without this hook the resolver may wire slf4j-simple or one of our bundles to the
 * 2.x API (higher version wins), and the two halves of slf4j then meet in different class loaders (LinkageError).
 * Rule: for an {@code org.slf4j*} package requirement that a 1.x API bundle satisfies, the 2.x candidates are
 * dropped.
 */
final class Slf4jWiring implements ResolverHookFactory {

    private static final String SLF4J_API = "slf4j.api";

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return new ResolverHook() {
            @Override
            public void filterResolvable(Collection<BundleRevision> candidates) {
                // every bundle may resolve
            }

            @Override
            public void filterSingletonCollisions(BundleCapability singleton,
                    Collection<BundleCapability> collisionCandidates) {
                // not concerned
            }

            @Override
            public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
                if (!PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace())) {
                    return;
                }
                boolean oldApiFits = candidates.stream().anyMatch(c -> isSlf4jApi(c) && major(c) < 2);
                if (!oldApiFits) {
                    return;
                }
                for (Iterator<BundleCapability> it = candidates.iterator(); it.hasNext();) {
                    BundleCapability candidate = it.next();
                    if (isSlf4jApi(candidate) && major(candidate) >= 2) {
                        it.remove();
                    }
                }
            }

            @Override
            public void end() {
                // nothing held
            }
        };
    }

    private static boolean isSlf4jApi(BundleCapability capability) {
        return SLF4J_API.equals(capability.getRevision().getSymbolicName());
    }

    private static int major(BundleCapability capability) {
        Version version = capability.getRevision().getVersion();
        return version.getMajor();
    }
}
