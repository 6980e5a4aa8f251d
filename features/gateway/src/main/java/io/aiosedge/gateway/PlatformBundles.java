package io.aiosedge.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The platform bundles of the gateway jar in the framework: installs those the storage does not have yet, starts
 * all but fragments, and holds back those that need a Deployment Package's packages until
 * {@link #startDeferred()}. One per {@link GatewayLauncher}; used only on the launcher's thread, no lock.
 */
final class PlatformBundles {

    private static final String BUNDLE_LOCATION_PREFIX = "aiosedge-gateway:";
    /** The console on the terminal; not started with --no-shell (the commands stay, the console goes). */
    private static final String GOGO_CONSOLE = "org.apache.felix.gogo.jline";

    private final boolean shell;
    private final PrintStream out;
    /** Platform bundles that start once the Deployment Packages are installed (install). */
    private final List<Bundle> deferred = new ArrayList<>();

    /**
     * @param shell whether the Gogo console on the terminal is started (false with --no-shell)
     * @param out where a bundle that does not start is reported
     */
    PlatformBundles(boolean shell, PrintStream out) {
        this.shell = shell;
        this.out = out;
    }

    /** Installs the platform bundles the storage does not have yet; all but fragments are started. */
    void install(BundleContext context, EmbeddedContent content) throws IOException, BundleException {
        Map<String, Bundle> present = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            present.put(bundle.getLocation(), bundle);
        }
        List<Bundle> toStart = new ArrayList<>();
        for (String entry : content.bundles()) {
            String location = BUNDLE_LOCATION_PREFIX + entry;
            Bundle bundle = present.get(location);
            if (bundle == null) {
                try (InputStream in = content.open(entry)) {
                    bundle = context.installBundle(location, in);
                }
            }
            boolean shellWanted = this.shell || !GOGO_CONSOLE.equals(bundle.getSymbolicName());
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null && shellWanted) {
                toStart.add(bundle);
            } else if (!shellWanted) {
                // Started by an earlier interactive run: the storage would start it again, and the console on a
                // stdin that is not a terminal reads end of input and stops the framework.
                bundle.stop();
            }
        }
        // A platform bundle that needs packages of a Deployment Package (Felix HC core and its web console plugin
        // import the Health Check API of io.aiosedge.dp.health) does not resolve yet; started now, Felix would log
        // an error at every start. Those wait until the packages are installed (startDeferred).
        context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(toStart);
        this.deferred.clear();
        for (Bundle bundle : toStart) {
            if (bundle.getState() == Bundle.INSTALLED) {
                this.deferred.add(bundle);
                continue;
            }
            start(bundle);
        }
    }

    /** Starts the platform bundles that waited for the Deployment Packages' packages. */
    void startDeferred() {
        for (Bundle bundle : this.deferred) {
            start(bundle);
        }
        this.deferred.clear();
    }

    private void start(Bundle bundle) {
        try {
            bundle.start();
        } catch (BundleException e) {
            this.out.println("aiosedge-gateway: bundle " + bundle.getSymbolicName() + " does not start: "
                    + e.getMessage());
        }
    }
}
