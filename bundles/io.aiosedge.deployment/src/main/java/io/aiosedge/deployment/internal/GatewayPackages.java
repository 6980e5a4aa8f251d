package io.aiosedge.deployment.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.kura.KuraErrorCode;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * The gateway's Deployment Packages as the command handler sees them: DeploymentAdmin plus the checks it does not
 * make itself. A command may not replace or remove the package the handler runs in, may not install a bundle that
 * was installed outside DeploymentAdmin (two copies of it would run), and may not remove a package whose bundles
 * other bundles are wired to unless forced. DeploymentAdmin itself rolls back anything it refuses.
 */
final class GatewayPackages {

    private final DeploymentAdmin admin;
    private final BundleContext context;

    GatewayPackages(DeploymentAdmin admin, BundleContext context) {
        this.admin = admin;
        this.context = context;
    }

    /** Installed package name to version. */
    Map<String, String> installed() {
        Map<String, String> packages = new TreeMap<>();
        for (DeploymentPackage dp : this.admin.listDeploymentPackages()) {
            packages.put(dp.getName(), dp.getVersion().toString());
        }
        return packages;
    }

    /** The installed version of a package, or null. */
    String versionOf(String symbolicName) {
        DeploymentPackage dp = this.admin.getDeploymentPackage(symbolicName);
        return dp == null ? null : dp.getVersion().toString();
    }

    /**
     * @throws CommandRefused when installing this package would replace the handler's own package or bundle, take
     *         over a bundle installed outside DeploymentAdmin, or share a bundle with another package
     */
    void checkInstallable(PackageManifest manifest) throws CommandRefused {
        String own = ownPackage();
        Bundle self = this.context.getBundle();
        if (manifest.symbolicName().equals(own) || manifest.bundles().containsKey(self.getSymbolicName())) {
            throw new CommandRefused(KuraErrorCode.SECURITY_EXCEPTION, manifest.symbolicName()
                    + " would replace the deployment command handler itself (bundle " + self.getSymbolicName()
                    + "); install it through Kura's Packages page");
        }
        for (Bundle bundle : this.context.getBundles()) {
            if (!manifest.bundles().containsKey(bundle.getSymbolicName())) {
                continue;
            }
            DeploymentPackage owner = this.admin.getDeploymentPackage(bundle);
            if (owner == null) {
                throw new CommandRefused(KuraErrorCode.BAD_REQUEST, manifest.symbolicName() + " contains bundle "
                        + bundle.getSymbolicName() + ", which is installed outside DeploymentAdmin (location "
                        + bundle.getLocation() + "); a package cannot take it over");
            }
            if (!owner.getName().equals(manifest.symbolicName())) {
                throw new CommandRefused(KuraErrorCode.BAD_REQUEST, manifest.symbolicName() + " contains bundle "
                        + bundle.getSymbolicName() + ", which belongs to package " + owner.getName()
                        + "; a bundle is owned by one package only");
            }
        }
    }

    /**
     * Installs or upgrades; DeploymentAdmin rolls back everything on failure.
     *
     * @throws CommandRefused with DeploymentAdmin's reason and code
     */
    DeploymentPackage install(Path file, PackageManifest manifest) throws CommandRefused {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return this.admin.installDeploymentPackage(in);
        } catch (DeploymentException e) {
            throw new CommandRefused(KuraErrorCode.BAD_REQUEST, "DeploymentAdmin refused " + manifest.symbolicName()
                    + " " + manifest.version() + " (" + codeName(e.getCode()) + "): " + e.getMessage()
                    + causeOf(e) + "; the gateway is as before", e);
        } catch (IOException e) {
            throw new CommandRefused(KuraErrorCode.IO_ERROR, "cannot read " + file + ": " + e, e);
        }
    }

    /**
     * @throws CommandRefused when the package is not installed, is the handler's own, or (unless {@code force})
     *         bundles of other packages are wired to it
     */
    DeploymentPackage checkUninstallable(String symbolicName, boolean force) throws CommandRefused {
        DeploymentPackage dp = this.admin.getDeploymentPackage(symbolicName);
        if (dp == null) {
            throw new CommandRefused(KuraErrorCode.NOT_FOUND, "package " + symbolicName + " is not installed; installed: "
                    + installed().keySet());
        }
        if (symbolicName.equals(ownPackage())) {
            throw new CommandRefused(KuraErrorCode.SECURITY_EXCEPTION, "package " + symbolicName
                    + " holds the deployment command handler itself; remove it through Kura's Packages page");
        }
        if (!force) {
            Set<String> dependents = dependentsOf(dp);
            if (!dependents.isEmpty()) {
                throw new CommandRefused(KuraErrorCode.BAD_REQUEST, "package " + symbolicName
                        + " is used by bundles of other packages: " + dependents
                        + "; uninstall those first or send force=true");
            }
        }
        return dp;
    }

    /** @throws CommandRefused with DeploymentAdmin's reason */
    void uninstall(DeploymentPackage dp) throws CommandRefused {
        try {
            dp.uninstall();
        } catch (DeploymentException e) {
            throw new CommandRefused(KuraErrorCode.INTERNAL_ERROR, "DeploymentAdmin could not uninstall "
                    + dp.getName() + " (" + codeName(e.getCode()) + "): " + e.getMessage() + causeOf(e), e);
        }
    }

    /** Bundles outside {@code dp} wired to a bundle of {@code dp}, as "requirer -> provider". */
    private Set<String> dependentsOf(DeploymentPackage dp) {
        Set<Long> members = new HashSet<>();
        List<Bundle> bundles = new ArrayList<>();
        for (BundleInfo info : dp.getBundleInfos()) {
            Bundle bundle = dp.getBundle(info.getSymbolicName());
            if (bundle != null) {
                members.add(bundle.getBundleId());
                bundles.add(bundle);
            }
        }
        Set<String> dependents = new TreeSet<>();
        for (Bundle bundle : bundles) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleWire wire : wiring.getProvidedWires(null)) {
                Bundle requirer = wire.getRequirer().getBundle();
                if (!members.contains(requirer.getBundleId()) && requirer.getBundleId() != 0) {
                    dependents.add(requirer.getSymbolicName() + " -> " + bundle.getSymbolicName());
                }
            }
        }
        return dependents;
    }

    private String ownPackage() {
        DeploymentPackage own = this.admin.getDeploymentPackage(this.context.getBundle());
        return own == null ? null : own.getName();
    }

    private static String causeOf(DeploymentException e) {
        Throwable cause = e.getCause();
        return cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
    }

    /** The name of a DeploymentException code, as the OSGi specification names it. */
    static String codeName(int code) {
        switch (code) {
        case DeploymentException.CODE_CANCELLED:
            return "CODE_CANCELLED";
        case DeploymentException.CODE_NOT_A_JAR:
            return "CODE_NOT_A_JAR";
        case DeploymentException.CODE_ORDER_ERROR:
            return "CODE_ORDER_ERROR";
        case DeploymentException.CODE_MISSING_HEADER:
            return "CODE_MISSING_HEADER";
        case DeploymentException.CODE_BAD_HEADER:
            return "CODE_BAD_HEADER";
        case DeploymentException.CODE_MISSING_FIXPACK_TARGET:
            return "CODE_MISSING_FIXPACK_TARGET";
        case DeploymentException.CODE_MISSING_BUNDLE:
            return "CODE_MISSING_BUNDLE";
        case DeploymentException.CODE_MISSING_RESOURCE:
            return "CODE_MISSING_RESOURCE";
        case DeploymentException.CODE_SIGNING_ERROR:
            return "CODE_SIGNING_ERROR";
        case DeploymentException.CODE_BUNDLE_NAME_ERROR:
            return "CODE_BUNDLE_NAME_ERROR";
        case DeploymentException.CODE_FOREIGN_CUSTOMIZER:
            return "CODE_FOREIGN_CUSTOMIZER";
        case DeploymentException.CODE_BUNDLE_SHARING_VIOLATION:
            return "CODE_BUNDLE_SHARING_VIOLATION";
        case DeploymentException.CODE_RESOURCE_SHARING_VIOLATION:
            return "CODE_RESOURCE_SHARING_VIOLATION";
        case DeploymentException.CODE_COMMIT_ERROR:
            return "CODE_COMMIT_ERROR";
        case DeploymentException.CODE_OTHER_ERROR:
            return "CODE_OTHER_ERROR";
        case DeploymentException.CODE_PROCESSOR_NOT_FOUND:
            return "CODE_PROCESSOR_NOT_FOUND";
        case DeploymentException.CODE_TIMEOUT:
            return "CODE_TIMEOUT";
        default:
            return "code " + code;
        }
    }
}
