package io.aiosedge.cloudsync.mqtt.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerRegistry;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.crypto.CryptoService;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.api.cloud.CloudLinkMonitor;
import io.aiosedge.api.cloud.DurablePublisher;
import io.aiosedge.api.cloud.LinkState;
import io.aiosedge.api.cloud.OffloadClient;
import io.aiosedge.api.cloud.OffloadHandler;
import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;
import io.aiosedge.api.cloud.OutboxState;
import io.aiosedge.api.cloud.RequestHandlers;
import io.aiosedge.cloudsync.mqtt.internal.SubscriptionTable.Registration;
import io.aiosedge.cloudsync.mqtt.internal.endpoint.ListenerFanOut;
import io.aiosedge.cloudsync.mqtt.internal.endpoint.MessageProperties;
import io.aiosedge.cloudsync.mqtt.internal.endpoint.NotificationPublisher;
import io.aiosedge.cloudsync.mqtt.internal.endpoint.OutboxMaintenance;
import io.aiosedge.cloudsync.mqtt.internal.link.LinkEstimator;
import io.aiosedge.cloudsync.mqtt.internal.link.MqttLink;
import io.aiosedge.cloudsync.mqtt.internal.outbox.DurableOutbox;

/**
 * The cloud endpoint of one MQTT connection (Kura "Cloud Connections"): a factory component created by
 * {@link MqttCloudConnectionFactory}, hidden from Kura's Services list. It owns the session ({@link MqttLink}),
 * the durable outbox, offload RPC (client and, when enabled, server), inbound commands and the link measurements.
 *
 * <p>Message properties of {@link #publish(KuraMessage)} (publishers set them): {@value #MESSAGE_TOPIC} (a
 * topic or template; required), {@value #MESSAGE_QOS} (0-2, default 1), {@value #MESSAGE_RETAIN} (default
 * false), {@value #MESSAGE_PRIORITY} (default 5; lower is sent first), {@value #MESSAGE_TTL} (ms, 0 = never
 * expires). Subscription properties of {@link #registerSubscriber}: {@value #SUBSCRIPTION_FILTER} and
 * {@value #SUBSCRIPTION_QOS}. Templates may use {@code #{tenant}}, {@code #{client-id}} (= {@code #{gateway-id}})
 * and any message property.
 */
@Component(name = MqttCloudEndpoint.PID, configurationPid = MqttCloudEndpoint.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {CloudEndpoint.class, CloudConnectionManager.class, ConfigurableComponent.class,
                RequestHandlerRegistry.class, CloudLinkMonitor.class, OffloadClient.class, DurablePublisher.class},
        property = {"service.pid=" + MqttCloudEndpoint.PID, "kura.ui.service.hide:Boolean=true",
                "kura.ui.factory.hide:Boolean=true"})
@Designate(ocd = MqttCloudEndpoint.Config.class, factory = true)
public class MqttCloudEndpoint implements CloudEndpoint, CloudConnectionManager, ConfigurableComponent,
        RequestHandlerRegistry, CloudLinkMonitor, OffloadClient, DurablePublisher {

    /** Factory PID of the endpoint (= the factory's {@code getFactoryPid()}). */
    public static final String PID = "io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint";

    public static final String MESSAGE_TOPIC = "topic";
    public static final String MESSAGE_QOS = "qos";
    public static final String MESSAGE_RETAIN = "retain";
    public static final String MESSAGE_PRIORITY = "priority";
    public static final String MESSAGE_TTL = "ttl.ms";
    public static final String SUBSCRIPTION_FILTER = "topic.filter";
    public static final String SUBSCRIPTION_QOS = "qos";
    /** EventAdmin topic of the command audit events: one per command, accepted or refused. */
    public static final String AUDIT_TOPIC = "io/aiosedge/audit/COMMAND";
    /** Service property naming the command id of a whiteboard {@link RequestHandler}. */
    public static final String REQUEST_HANDLER_ID = RequestHandlers.ID_PROPERTY;

    private static final Logger LOG = LoggerFactory.getLogger(MqttCloudEndpoint.class);

    @ObjectClassDefinition(id = PID, name = "AIOS MQTT cloud endpoint",
            description = "An MQTT connection (Eclipse Paho) with a durable outbox, offload RPC and inbound commands.")
    public @interface Config {
        @AttributeDefinition(name = "Name (kura.service.pid)", required = false,
                description = "The endpoint's name, set by the connection factory (Kura's Cloud Connections) when it "
                        + "creates the endpoint; publishers and subscribers name it in cloud.endpoint.service.pid.")
        String kura_service_pid() default "";

        @AttributeDefinition(name = "Broker URL", description = "tcp://host:port or ssl://host:port")
        String broker_url() default "tcp://localhost:1883";

        @AttributeDefinition(name = "Client id", required = false,
                description = "MQTT client id, also the gateway id in topics; empty: the host name")
        String client_id() default "";

        @AttributeDefinition(name = "Tenant", description = "First level under aios/v1/ of every topic")
        String tenant() default "default";

        @AttributeDefinition(name = "User name", required = false)
        String username() default "";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
        String password() default "";

        @AttributeDefinition(name = "Keep-alive (s)", min = "0")
        int keep_alive_s() default 30;

        @AttributeDefinition(name = "Connect timeout (s)", min = "1")
        int connect_timeout_s() default 10;

        @AttributeDefinition(name = "Clean session", description = "false: the broker keeps subscriptions and queued"
                + " messages (commands) while the gateway is away")
        boolean clean_session() default false;

        @AttributeDefinition(name = "Connect automatically", description = "Connect at activation and reconnect after"
                + " every loss; false: only through CloudConnectionManager.connect()")
        boolean connect_auto() default true;

        @AttributeDefinition(name = "Reconnect min delay (ms)", min = "1")
        long reconnect_min_delay_ms() default 1000;

        @AttributeDefinition(name = "Reconnect max delay (ms)", min = "1",
                description = "Cap of the exponential backoff (jittered between half and all of the delay)")
        long reconnect_max_delay_ms() default 60000;

        @AttributeDefinition(name = "In-flight window", min = "1", max = "65535",
                description = "Most QoS 1/2 messages awaiting the broker's acknowledgement at once")
        int inflight_window() default 9;

        @AttributeDefinition(name = "TLS trust store", required = false,
                description = "PKCS12 or JKS file of trusted CAs for ssl://; empty: the JVM's trust")
        String tls_truststore_path() default "";

        @AttributeDefinition(name = "TLS trust store password", type = AttributeType.PASSWORD, required = false)
        String tls_truststore_password() default "";

        @AttributeDefinition(name = "TLS client key store", required = false,
                description = "PKCS12 or JKS file with the client certificate and key; empty: none")
        String tls_keystore_path() default "";

        @AttributeDefinition(name = "TLS client key store password", type = AttributeType.PASSWORD, required = false)
        String tls_keystore_password() default "";

        @AttributeDefinition(name = "TLS hostname verification")
        boolean tls_hostname_verification() default true;

        @AttributeDefinition(name = "Status messages", description = "Retained birth (ONLINE), last will (LOST) and"
                + " disconnect (OFFLINE) messages on the status topic")
        boolean status_enabled() default true;

        @AttributeDefinition(name = "Status topic")
        String status_topic() default "aios/v1/#{tenant}/#{client-id}/status";

        @AttributeDefinition(name = "Outbox directory", required = false, description = "Where the durable outbox"
                + " lives; empty: $kura.data/aiosedge-cloudsync/outbox-<pid>, else the bundle's data area")
        String outbox_directory() default "";

        @AttributeDefinition(name = "Outbox capacity", min = "1", max = "10000000", description = "Most messages"
                + " stored; beyond, outbox.full.policy applies to priorities >= 2 (0-1 are always accepted)")
        int outbox_capacity() default 10000;

        @AttributeDefinition(name = "Outbox capacity (bytes)", min = "65536", max = "1099511627776",
                description = "Most payload and topic bytes stored; beyond, outbox.full.policy applies to"
                        + " priorities >= 2. Disk use stays within about twice this")
        long outbox_capacity_bytes() default 67108864;

        @AttributeDefinition(name = "Outbox full policy", description = "When the outbox is full: refuse the new"
                + " message (KuraStoreCapacityReachedException), or drop the oldest unsent message of the lowest"
                + " priority that is not more important than the new one", options = {
                        @Option(label = "refuse new messages", value = "refuse"),
                        @Option(label = "drop the oldest of the lowest priority", value = "drop-oldest") })
        String outbox_full_policy() default "refuse";

        @AttributeDefinition(name = "Outbox fsync interval (ms)", min = "0", max = "60000", description = "0:"
                + " every publish is on disk (fsync, shared by concurrent publishers) before it returns: survives"
                + " power loss; >0: publish returns once written to the OS (survives crashes and SIGKILL), fsync"
                + " at least this often (a power cut loses at most this interval)")
        int outbox_sync_interval_ms() default 100;

        @AttributeDefinition(name = "Outbox purge age (s)", min = "0",
                description = "Unsent messages older than this are deleted; 0: never")
        long outbox_purge_age_s() default 0;

        @AttributeDefinition(name = "Serve offload requests", description = "Subscribe $share/<group>/aios/v1/"
                + "<tenant>/offload/<capability> for every registered OffloadHandler")
        boolean offload_serve_enabled() default false;

        @AttributeDefinition(name = "Offload share group")
        String offload_share_group() default "aios-workers";

        @AttributeDefinition(name = "Offload workers", min = "1")
        int offload_workers() default 2;

        @AttributeDefinition(name = "Offload queue capacity", min = "0",
                description = "Requests waiting for a worker; beyond it they are answered REJECTED")
        int offload_queue_capacity() default 16;

        @AttributeDefinition(name = "Offload dedup window (s)", min = "1")
        int offload_dedup_window_s() default 600;

        @AttributeDefinition(name = "Offload request priority", min = "0")
        int offload_request_priority() default 2;

        @AttributeDefinition(name = "Inbound commands",
                description = "Serve aios/v1/<tenant>/<gateway-id>/commands/<handler>")
        boolean commands_enabled() default true;

        @AttributeDefinition(name = "Command token", type = AttributeType.PASSWORD, required = false,
                description = "Optional, in addition to signatures: when set, every command (also an unsigned"
                        + " read-only one) must carry this value in \"token\". A shared secret proves nothing about"
                        + " who sent a command; state-changing commands always need a signature.")
        String commands_token() default "";

        @AttributeDefinition(name = "Trusted command keys", required = false, cardinality = 64,
                description = "Trust anchors for signed commands: one entry per key, <key-id>=<base64 Ed25519 public"
                        + " key (X.509 SubjectPublicKeyInfo)>, as printed by 'aios-sign keygen'. Every state-changing"
                        + " command must be signed by one of them; with none, state-changing commands are refused.")
        String[] commands_trusted_keys() default {};

        @AttributeDefinition(name = "Command max age (s)", min = "1",
                description = "A signed command issued longer ago than this is refused as stale; its nonce is"
                        + " remembered this long, in seconds.")
        int commands_max_age_s() default 300;

        @AttributeDefinition(name = "Command clock skew (s)", min = "0",
                description = "How far in the future a signed command's issue time may be (clock differences), in"
                        + " seconds.")
        int commands_clock_skew_s() default 30;

        @AttributeDefinition(name = "Unsigned read-only commands", required = false, cardinality = 64,
                description = "Handler ids whose GET may come unsigned (read-only). Every other command must be"
                        + " signed.")
        String[] commands_open_handlers() default {"status"};

        @AttributeDefinition(name = "Nonce cache size", min = "16",
                description = "Most nonces of accepted signed commands remembered at once (within the max age);"
                        + " when full, signed commands are refused until old nonces expire.")
        int commands_nonce_cache_size() default 10_000;

        @AttributeDefinition(name = "Audit log entries", min = "10",
                description = "Commands kept in the audit log (aios:audit); the disk holds at most twice as many.")
        int commands_audit_max_entries() default 1000;

        @AttributeDefinition(name = "Remote config: allowed PIDs", required = false, cardinality = 64,
                description = "PID patterns (* = anything) of the configurations a remote 'config' PUT may change,"
                        + " matched against service.pid, kura.service.pid and service.factoryPid. Not remotely"
                        + " changeable.")
        String[] config_allowed_pids() default {"io.aiosedge.*"};

        @AttributeDefinition(name = "Remote config: denied properties", required = false, cardinality = 64,
                description = "Property patterns a remote 'config' PUT may never change, as <property> or"
                        + " <pid>:<property> (* = anything). Defaults: credentials, keys, trust anchors, opt-ins to"
                        + " unsigned code and the locality of jobs. Not remotely changeable.")
        String[] config_denied_properties() default {"*password*", "*secret*", "*token*", "*key*", "*credential*",
                "*.trusted.*", "*allow.unsigned*", "*locality*"};
    }

    private final BundleContext context;
    private final CryptoService crypto;
    private final String threadPrefix;
    private final LinkEstimator estimator = new LinkEstimator();
    private final ExecutorService events;
    private final ScheduledExecutorService timer;
    private final OffloadRpcClient rpc;
    private final OffloadServer server;
    private final CommandDispatcher commands;
    private final ListenerFanOut listeners;
    private final SubscriptionTable subscriptions;
    private final OutboxMaintenance maintenance;
    private final EndpointStatus status;
    private final EndpointSender sender;
    private final EndpointSubscribers subscribers;
    private final Object lifecycle = new Object();

    private volatile EndpointOptions options;
    private volatile DurableOutbox outbox;
    private volatile MqttLink link;
    private volatile boolean active;
    private volatile EventAdmin eventAdmin;

    @Activate
    public MqttCloudEndpoint(Config config, Map<String, Object> properties, BundleContext context,
            @Reference ConfigurationAdmin configurationAdmin,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            CryptoService crypto) throws KuraException {
        this.context = context;
        this.crypto = crypto;
        EndpointOptions o = EndpointOptions.from(config, properties, crypto, context);
        this.options = o;
        this.threadPrefix = "aios-cloudsync-" + EndpointOptions.sanitize(o.pid());
        this.events = Executors.newSingleThreadExecutor(named(threadPrefix + "-events"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named(threadPrefix + "-timer"));
        this.listeners = new ListenerFanOut(o.pid(), events);
        this.subscriptions = new SubscriptionTable(lifecycle, () -> active, () -> options, () -> link);
        this.sender = new EndpointSender(() -> options, () -> outbox, () -> link);
        this.maintenance = new OutboxMaintenance(timer, () -> outbox, System::currentTimeMillis);
        this.rpc = new OffloadRpcClient(timer, () -> options, this::isConnected, this::publishWire,
                System::currentTimeMillis);
        this.server = new OffloadServer(threadPrefix, () -> options, this::publishWire, System::currentTimeMillis);
        this.subscribers = new EndpointSubscribers(subscriptions, events, () -> options, server);
        this.commands = new CommandDispatcher(threadPrefix, () -> options, this::publishWire,
                new NotificationPublisher((template, message, qos, priority) -> publish("", template, Map.of(), message,
                        qos, false, priority, 0), listeners),
                System::currentTimeMillis, this::postAuditEvent);
        this.status = new EndpointStatus(() -> options, () -> link, () -> outbox, estimator, rpc, server, commands,
                context);
        try {
            this.outbox = DurableOutbox.open(o.outboxDirectory(), o.outboxLimits(), o.syncIntervalMillis());
            this.link = newLink(o, outbox);
        } catch (KuraException | RuntimeException e) {
            shutdownExecutors();
            if (outbox != null) {
                outbox.close();
            }
            throw e;
        }
        commands.register(StatusRequestHandler.ID, new StatusRequestHandler(this::statusMetrics));
        commands.register(ConfigRequestHandler.ID, new ConfigRequestHandler(configurationAdmin,
                () -> options.security().configPolicy()));
        subscriptions.add(new Registration(OffloadRpcClient::replyTopic, 1, (topic, payload, qos, retained) ->
                rpc.onReply(payload)));
        subscriptions.add(new Registration(x -> x.commandsEnabled() ? CommandDispatcher.subscription(x) : null, 1,
                (topic, payload, qos, retained) -> commands.onCommand(topic, payload)));
        synchronized (lifecycle) {
            active = true;
            subscriptions.refreshAll();
            maintenance.schedule(o.pid(), o.syncIntervalMillis(), o.purgeAgeMillis());
        }
        if (o.connectAuto()) {
            link.start();
        }
        LOG.info("{} active: {}", o.pid(), o);
    }

    private MqttLink newLink(EndpointOptions o, DurableOutbox box) {
        return new MqttLink(EndpointOptions.sanitize(o.pid()), o.connection(), box, estimator, status::statusPayload,
                new LinkEvents(listeners, () -> options));
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Modified
    void modified(Config config, Map<String, Object> properties) throws KuraException {
        EndpointOptions next = EndpointOptions.from(config, properties, crypto, context);
        synchronized (lifecycle) {
            EndpointOptions previous = options;
            if (!next.outboxDirectory().equals(previous.outboxDirectory())) {
                // A different store: swap outbox and link together (the old ones drain nothing further).
                LOG.info("{}: outbox moves to {}", next.pid(), next.outboxDirectory());
                MqttLink oldLink = link;
                DurableOutbox oldOutbox = outbox;
                oldLink.close();
                oldOutbox.close();
                outbox = DurableOutbox.open(next.outboxDirectory(), next.outboxLimits(), next.syncIntervalMillis());
                options = next;
                link = newLink(next, outbox);
                subscriptions.refreshAll();
                if (next.connectAuto()) {
                    link.start();
                }
            } else {
                options = next;
                outbox.setLimits(next.outboxLimits());
                outbox.setSyncIntervalMillis(next.syncIntervalMillis());
                link.reconfigure(next.connection());
                subscriptions.refreshAll();
                if (next.connectAuto() && !previous.connectAuto()) {
                    link.start();
                }
            }
            server.resize(next.offloadWorkers(), next.offloadQueueCapacity());
            commands.reconfigure(next);
            maintenance.schedule(next.pid(), next.syncIntervalMillis(), next.purgeAgeMillis());
        }
        LOG.info("{} modified: {}", next.pid(), next);
    }

    /** Stops the session and every thread, then closes the outbox (public: the benchmarks run it outside OSGi). */
    @Deactivate
    public void deactivate() {
        synchronized (lifecycle) {
            active = false;
            maintenance.cancel();
        }
        rpc.failAll("the cloud endpoint " + options.pid() + " stopped");
        link.close();
        server.close();
        commands.close();
        shutdownExecutors();
        outbox.close();
        LOG.info("{} stopped", options.pid());
    }

    private void shutdownExecutors() {
        events.shutdown();
        timer.shutdownNow();
        try {
            events.awaitTermination(5, TimeUnit.SECONDS);
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.shutdownNow();
    }

    /** Drops expired messages and, when configured, those older than the purge age (also every minute). */
    void purge() {
        maintenance.purge();
    }

    // ------------------------------------------------------------------ CloudEndpoint

    @Override
    public String publish(KuraMessage message) throws KuraException {
        Map<String, Object> p = message.getProperties();
        return publish("", topicOf(p), Map.of(), message, MessageProperties.intProperty(p, MESSAGE_QOS, 1),
                MessageProperties.booleanProperty(p, MESSAGE_RETAIN), MessageProperties.intProperty(p, MESSAGE_PRIORITY, 5),
                MessageProperties.longProperty(p, MESSAGE_TTL));
    }

    @Override
    public CompletionStage<String> publishDurably(KuraMessage message) throws KuraException {
        Map<String, Object> p = message.getProperties();
        return sender.publishDurably(message, topicOf(p), MessageProperties.intProperty(p, MESSAGE_QOS, 1),
                MessageProperties.booleanProperty(p, MESSAGE_RETAIN), MessageProperties.intProperty(p, MESSAGE_PRIORITY, 5),
                MessageProperties.longProperty(p, MESSAGE_TTL));
    }

    private static String topicOf(Map<String, Object> properties) throws KuraException {
        Object topic = properties.get(MESSAGE_TOPIC);
        if (topic == null) {
            throw MessageProperties.invalid("message property '" + MESSAGE_TOPIC
                    + "' (the MQTT topic or a template) is required");
        }
        return topic.toString();
    }

    /**
     * Publishes a Kura message: QoS 0 goes out directly (or fails when disconnected), QoS 1/2 is stored durably
     * first and sent by the pump. Returns the message id, which also travels in the envelope.
     *
     * @param origin the publisher's kura.service.pid ("" for direct use); its delivery listeners are told
     * @param extraVariables template variables of the publisher ({@code app-id})
     * @param ttlMillis 0: never expires; else unsent after this long, the message is dropped
     */
    String publish(String origin, String topicTemplate, Map<String, String> extraVariables, KuraMessage message,
            int qos, boolean retain, int priority, long ttlMillis) throws KuraException {
        return sender.publish(origin, topicTemplate, extraVariables, message, qos, retain, priority, ttlMillis);
    }

    /** The path of RPC and command messages (never retained, no publisher). */
    String publishWire(String topic, Function<String, byte[]> payloadForId, int qos, int priority, long expiresMillis)
            throws KuraException {
        return sender.publishWire(topic, payloadForId, qos, priority, expiresMillis);
    }

    @Override
    public void registerSubscriber(Map<String, Object> subscriptionProperties, CloudSubscriberListener listener) {
        subscribers.register(subscriptionProperties, listener);
    }

    @Override
    public void unregisterSubscriber(CloudSubscriberListener listener) {
        subscribers.unregister(listener);
    }

    @Override
    public Map<String, String> getInfo() {
        EndpointOptions o = options;
        Map<String, String> info = new LinkedHashMap<>();
        info.put("broker", o.connection().brokerUrl());
        info.put("client-id", o.gatewayId());
        info.put("tenant", o.tenant());
        info.put("connected", Boolean.toString(isConnected()));
        return info;
    }

    @Override
    public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
        listeners.addDeliveryListener(listener);
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
        listeners.removeDeliveryListener(listener);
    }

    /** Delivery listeners told only about the messages of one publisher (also those stored before a restart). */
    void registerDeliveryListener(String origin, CloudDeliveryListener listener) {
        listeners.addDeliveryListener(origin, listener);
    }

    void unregisterDeliveryListener(String origin, CloudDeliveryListener listener) {
        listeners.removeDeliveryListener(origin, listener);
    }

    // ------------------------------------------------------------------ CloudConnectionManager

    @Override
    public void connect() throws KuraConnectException {
        link.connect();
    }

    @Override
    public void disconnect() {
        link.disconnect();
    }

    @Override
    public boolean isConnected() {
        return link.isConnected();
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
        listeners.addConnectionListener(listener);
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        listeners.removeConnectionListener(listener);
    }

    // ------------------------------------------------------------------ RequestHandlerRegistry

    @Override
    public void registerRequestHandler(String id, RequestHandler requestHandler) throws KuraException {
        try {
            commands.register(id, requestHandler);
        } catch (IllegalArgumentException e) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, e.getMessage());
        }
    }

    @Override
    public void unregister(String id) {
        commands.unregister(id);
    }

    /** Whiteboard: RequestHandler services naming their id in {@value #REQUEST_HANDLER_ID}. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + REQUEST_HANDLER_ID + "=*)")
    void addRequestHandler(RequestHandler handler, Map<String, Object> properties) {
        String id = String.valueOf(properties.get(REQUEST_HANDLER_ID));
        try {
            commands.register(id, handler);
        } catch (IllegalArgumentException e) {
            LOG.error("request handler service ignored: {}", e.getMessage());
        }
    }

    void removeRequestHandler(RequestHandler handler, Map<String, Object> properties) {
        commands.unregister(String.valueOf(properties.get(REQUEST_HANDLER_ID)), handler);
    }

    // ------------------------------------------------------------------ audit events

    /** EventAdmin, when there is one: every audit entry is posted as {@value #AUDIT_TOPIC}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEventAdmin(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    void unbindEventAdmin(EventAdmin eventAdmin) {
        if (this.eventAdmin == eventAdmin) {
            this.eventAdmin = null;
        }
    }

    private void postAuditEvent(CommandAudit.Entry entry) {
        EventAdmin admin = this.eventAdmin;
        if (admin != null) {
            Map<String, Object> properties = new LinkedHashMap<>(entry.toMap());
            properties.put("gateway", options.gatewayId());
            admin.postEvent(new Event(AUDIT_TOPIC, properties));
        }
    }

    /** The audit log of inbound commands (Gogo {@code aios:audit}). */
    CommandAudit audit() {
        return commands.audit();
    }

    // ------------------------------------------------------------------ offload

    @Override
    public CompletionStage<OffloadReply> request(OffloadRequest request, Duration timeout) {
        return rpc.request(request, timeout);
    }

    /** Whiteboard: OffloadHandler services naming their capability; served while serving is enabled. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + OffloadHandler.CAPABILITY_PROPERTY + "=*)")
    void addOffloadHandler(OffloadHandler handler, Map<String, Object> properties) {
        subscribers.addOffloadHandler(handler, properties);
    }

    void removeOffloadHandler(OffloadHandler handler, Map<String, Object> properties) {
        subscribers.removeOffloadHandler(handler, properties);
    }

    // ------------------------------------------------------------------ CloudLinkMonitor and status

    @Override
    public LinkState linkState() {
        return status.linkState();
    }

    @Override
    public Optional<OutboxState> outboxState() {
        return status.outboxState();
    }

    /** What the status command and the Gogo commands show. */
    Map<String, Object> statusMetrics() {
        return status.metrics();
    }

    EndpointOptions options() {
        return options;
    }

    DurableOutbox outbox() {
        return outbox;
    }

    MqttLink link() {
        return link;
    }
}
