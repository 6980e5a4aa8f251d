package io.aiosedge.deployment.internal;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.cloudconnection.request.RequestHandlerRegistry;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.message.KuraResponsePayload;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.RequestHandlers;

/**
 * Cloud commands on Deployment Packages, on {@code aios/v1/<tenant>/<gateway>/commands/deploy}: a Kura
 * {@link RequestHandler} (whiteboard service with {@value #HANDLER_ID_PROPERTY}, and registered with every
 * {@link RequestHandlerRegistry}, as Kura's cloud stack expects).
 *
 * <p>A command is checked at once (missing or malformed metrics are refused with BAD_REQUEST naming them) and then
 * queued; the response carries the operation id and {@code QUEUED}. Progress and the result arrive as
 * notifications (state DOWNLOADING, VERIFYING, INSTALLING/UNINSTALLING, then COMPLETED with the installed version or
 * FAILED with the reason); {@code GET} lists the installed packages and the recent operations. Operations run one
 * at a time on the thread {@value #THREAD_NAME_PREFIX}{@code <id>}.
 *
 * <p>The component keeps the activation (worker thread, registry bindings, shutdown) and the verbs; a command is
 * checked and made an operation by {@link DeploymentCommandParser}, and its states reach its sender through
 * {@link OperationNotifier}.
 */
@Designate(ocd = DeploymentCommandHandler.Config.class)
@Component(name = DeploymentCommandHandler.PID, configurationPid = DeploymentCommandHandler.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = { RequestHandler.class, ConfigurableComponent.class },
        property = { "service.pid=" + DeploymentCommandHandler.PID,
                DeploymentCommandHandler.HANDLER_ID_PROPERTY + "=" + DeploymentCommandHandler.DEFAULT_HANDLER_ID })
public final class DeploymentCommandHandler implements RequestHandler, ConfigurableComponent {

    /** PID = DS component name = metatype OCD id. */
    public static final String PID = "io.aiosedge.deployment.DeploymentCommandHandler";
    /** Service property the cloud connector dispatches commands by. */
    public static final String HANDLER_ID_PROPERTY = RequestHandlers.ID_PROPERTY;
    static final String DEFAULT_HANDLER_ID = "deploy";
    /** Every thread of the handler has a name starting with this. */
    public static final String THREAD_NAME_PREFIX = "aios-deploy-";
    /** Operations that may wait behind the running one. */
    static final int QUEUE_CAPACITY = 8;
    /** How long deactivation waits for a running operation (DeploymentAdmin is cancelled first), ms. */
    static final long STOP_TIMEOUT_MS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentCommandHandler.class);

    /** The handler's configuration, as Kura's UI shows it. */
    @ObjectClassDefinition(id = PID, name = "AIOS deployment package commands",
            description = "Installs, upgrades and uninstalls Deployment Packages on cloud commands"
                    + " (aios/v1/<tenant>/<gateway>/commands/<id>), from an https:/file: URL or the command's payload,"
                    + " checked by SHA-256.")
    @interface Config {

        @AttributeDefinition(name = "Command id",
                description = "The handler's id: commands arrive on aios/v1/<tenant>/<gateway>/commands/<id>. One topic level.")
        String aios_request_handler_id() default DEFAULT_HANDLER_ID;

        @AttributeDefinition(name = "URL schemes",
                description = "Comma-separated URL schemes a command may name: https, http, file. Empty: only packages"
                        + " sent in the command's payload.")
        String url_schemes() default "https,file";

        @AttributeDefinition(name = "Max package size (bytes)", min = "1024",
                description = "Largest package accepted, from a URL or the payload, in bytes.")
        long download_max_bytes() default 512L * 1024 * 1024;

        @AttributeDefinition(name = "Download timeout (ms)", min = "100", max = "600000",
                description = "Connect timeout, and longest wait for the next data of a download, in milliseconds.")
        long download_timeout_ms() default 30_000L;

        @AttributeDefinition(name = "Progress interval (ms)", min = "0",
                description = "Least time between two download progress notifications, in milliseconds.")
        long progress_interval_ms() default 1_000L;

        @AttributeDefinition(name = "Trusted package keys", required = false, cardinality = 64,
                description = "Keys that may sign Deployment Packages: one entry per key, <key-id>=<base64 Ed25519"
                        + " public key (X.509 SubjectPublicKeyInfo)>, as printed by 'aios-sign keygen'. A package is"
                        + " installed only when the command's 'signature' metric (aios-sign sign-file) verifies with"
                        + " one of them over the package's SHA-256.")
        String[] artifacts_trusted_keys() default {};

        @AttributeDefinition(name = "Allow unsigned packages",
                description = "Install packages without a signature (logged as a warning at every install). For"
                        + " development only; never on a gateway reachable by others.")
        boolean deploy_allow_unsigned() default false;
    }

    private final HandlerOptions options;
    private final DeploymentAdmin deploymentAdmin;
    private final PackageFetcher fetcher;
    private final DeploymentOperation.Environment environment;
    private final ThreadPoolExecutor worker;
    private final RecentOperations recent = new RecentOperations();
    private final DeploymentCommandParser parser;
    private final OperationNotifier notifier;
    private final List<RequestHandlerRegistry> registries = new ArrayList<>();
    /** The executor's threads, joined at deactivation (the executor reports termination before they end). */
    private final List<Thread> workerThreads = new CopyOnWriteArrayList<>();

    /**
     * @throws IllegalArgumentException naming a bad property and value, which fails activation
     */
    @Activate
    public DeploymentCommandHandler(Config config, BundleContext context, @Reference DeploymentAdmin deploymentAdmin)
            throws IOException {
        this(HandlerOptions.from(config), new GatewayPackages(deploymentAdmin, context), deploymentAdmin,
                downloadDirectory(context), URL::openConnection);
    }

    /** For tests: every collaborator given. */
    DeploymentCommandHandler(HandlerOptions options, GatewayPackages packages, DeploymentAdmin deploymentAdmin,
            Path downloads, PackageFetcher.Opener opener) {
        this.options = options;
        this.deploymentAdmin = deploymentAdmin;
        this.fetcher = new PackageFetcher(options, opener);
        this.environment = new DeploymentOperation.Environment(packages, this.fetcher, downloads, this::onState,
                options.progressIntervalMillis());
        this.parser = new DeploymentCommandParser(options, this.environment);
        this.notifier = new OperationNotifier(options.handlerId());
        String threadName = THREAD_NAME_PREFIX + options.handlerId();
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), task -> {
                    Thread thread = new Thread(task, threadName);
                    this.workerThreads.add(thread);
                    return thread;
                });
        LOG.info("deployment commands on id '{}': URL schemes {}, packages up to {} bytes, signed by {}",
                options.handlerId(), options.urlSchemes(), options.maxDownloadBytes(), options.trustedKeys().ids());
        if (options.allowUnsigned()) {
            LOG.warn("deploy.allow.unsigned=true: Deployment Packages without a signature will be installed;"
                    + " anyone who can send a deploy command can run code on this gateway");
        }
    }

    private static Path downloadDirectory(BundleContext context) throws IOException {
        Path dir = context.getDataFile("downloads").toPath();
        Files.createDirectories(dir);
        try (var leftovers = Files.newDirectoryStream(dir, "*.dp")) {
            for (Path file : leftovers) {
                PackageFetcher.delete(file);
            }
        }
        return dir;
    }

    /**
     * Stops taking commands, ends a running download, cancels a running DeploymentAdmin session (which rolls it
     * back) and waits for the worker thread.
     */
    @Deactivate
    public void close() {
        synchronized (this.registries) {
            for (RequestHandlerRegistry registry : this.registries) {
                unregisterFrom(registry);
            }
            this.registries.clear();
        }
        this.fetcher.abort();
        this.worker.shutdownNow();
        if (this.environment.installing) {
            LOG.warn("deployment handler stopping during an install: cancelling the DeploymentAdmin session");
            this.deploymentAdmin.cancel();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MS);
        try {
            for (Thread thread : this.workerThreads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (thread.isAlive()) {
                    LOG.error("deployment worker {} did not stop within {} ms", thread.getName(), STOP_TIMEOUT_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ Kura's cloud stack

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindRequestHandlerRegistry(RequestHandlerRegistry registry) {
        synchronized (this.registries) {
            try {
                registry.registerRequestHandler(this.options.handlerId(), this);
                this.registries.add(registry);
            } catch (KuraException e) {
                LOG.warn("cannot register deployment commands '{}' with {}: {}", this.options.handlerId(), registry,
                        e.getMessage());
            }
        }
    }

    void unbindRequestHandlerRegistry(RequestHandlerRegistry registry) {
        synchronized (this.registries) {
            if (this.registries.remove(registry)) {
                unregisterFrom(registry);
            }
        }
    }

    private void unregisterFrom(RequestHandlerRegistry registry) {
        try {
            registry.unregister(this.options.handlerId());
        } catch (KuraException | RuntimeException e) {
            LOG.debug("unregistering deployment commands from {}: {}", registry, e.toString());
        }
    }

    // ------------------------------------------------------------------ commands

    /** Lists the installed packages and the recent operations. */
    @Override
    public KuraMessage doGet(RequestHandlerContext context, KuraMessage request) {
        KuraResponsePayload response = new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK);
        Map<String, String> installed = this.environment.packages.installed();
        response.addMetric("packages", String.join(",", installed.keySet()));
        installed.forEach((name, version) -> response.addMetric(name + ".version", version));
        List<String> ids = new ArrayList<>();
        for (RecentOperations.Entry entry : this.recent.list()) {
            ids.add(entry.id);
            response.addMetric(entry.id + ".kind", entry.kind);
            response.addMetric(entry.id + ".target", entry.target);
            response.addMetric(entry.id + ".state", entry.state.name());
            response.addMetric(entry.id + ".message", entry.message);
        }
        response.addMetric("operations", String.join(",", ids));
        return new KuraMessage(response);
    }

    /** Installs or upgrades (same as EXEC install). */
    @Override
    public KuraMessage doPut(RequestHandlerContext context, KuraMessage request) throws KuraException {
        return accept(context, this.parser.parseInstall(request));
    }

    /** Installs or upgrades (same as EXEC install). */
    @Override
    public KuraMessage doPost(RequestHandlerContext context, KuraMessage request) throws KuraException {
        return accept(context, this.parser.parseInstall(request));
    }

    /** Uninstalls the package named by metric {@code name}. */
    @Override
    public KuraMessage doDel(RequestHandlerContext context, KuraMessage request) throws KuraException {
        return accept(context, this.parser.parseUninstall(request));
    }

    /** {@code EXEC install} (also without argument) or {@code EXEC uninstall}, as Kura's DEPLOY-V2 spells them. */
    @Override
    public KuraMessage doExec(RequestHandlerContext context, KuraMessage request) throws KuraException {
        String verb = DeploymentCommandParser.firstArgument(request);
        if (verb == null || "install".equals(verb)) {
            return accept(context, this.parser.parseInstall(request));
        }
        if ("uninstall".equals(verb)) {
            return accept(context, this.parser.parseUninstall(request));
        }
        throw new KuraException(KuraErrorCode.BAD_REQUEST, "deploy: unknown EXEC argument '" + verb
                + "' (install, uninstall)");
    }

    private KuraMessage accept(RequestHandlerContext context, DeploymentOperation operation) throws KuraException {
        this.notifier.expect(operation.id(), context == null ? null : context.getNotificationPublisher());
        this.recent.update(operation, DeploymentOperation.State.QUEUED, "");
        try {
            this.worker.execute(operation);
        } catch (RejectedExecutionException e) {
            onState(operation, DeploymentOperation.State.FAILED, Map.of("message", "refused: "
                    + (this.worker.isShutdown() ? "the handler is stopping" : QUEUE_CAPACITY + " operations are queued")));
            throw new KuraException(KuraErrorCode.SERVICE_UNAVAILABLE, "deploy: " + operation.kind() + " "
                    + operation.target() + " refused: " + (this.worker.isShutdown() ? "the handler is stopping"
                            : QUEUE_CAPACITY + " operations are queued"));
        }
        LOG.info("deployment operation {} accepted: {} {}", operation.id(), operation.kind(), operation.target());
        KuraResponsePayload response = new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK);
        response.addMetric("operation", operation.id());
        response.addMetric("kind", operation.kind().name());
        response.addMetric("target", operation.target());
        response.addMetric("state", DeploymentOperation.State.QUEUED.name());
        response.addMetric("queued", this.worker.getQueue().size());
        return new KuraMessage(response);
    }

    // ------------------------------------------------------------------ progress

    /** Called for every state of every operation (worker thread, or the caller's when refused). */
    private void onState(DeploymentOperation operation, DeploymentOperation.State state, Map<String, Object> details) {
        Object message = details.get("message");
        this.recent.update(operation, state, message == null ? null : message.toString());
        if (state == DeploymentOperation.State.FAILED) {
            LOG.warn("deployment operation {} ({} {}) failed: {}", operation.id(), operation.kind(), operation.target(),
                    message);
        } else if (state == DeploymentOperation.State.COMPLETED) {
            LOG.info("deployment operation {}: {}", operation.id(), message);
        }
        this.notifier.publish(operation, state, details);
    }

    // ------------------------------------------------------------------ helpers

    /** For the Gogo commands and tests. */
    List<RecentOperations.Entry> recentOperations() {
        return this.recent.list();
    }
}
