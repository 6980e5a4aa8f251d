package io.aiosedge.cloudsync.mqtt.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.aiosedge.cloudsync.mqtt.internal.wire.Topics;

/**
 * A Kura CloudPublisher on an AIOS MQTT endpoint: resolves its topic template (variables {@code #{tenant}},
 * {@code #{client-id}} / {@code #{gateway-id}}, {@code #{app-id}} and any message property) and publishes with its
 * QoS, retain flag and priority. Its delivery listeners hear about its own messages only — also those stored before
 * a restart and acknowledged after it.
 */
@Component(name = MqttCloudPublisher.PID, configurationPid = MqttCloudPublisher.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {CloudPublisher.class, ConfigurableComponent.class},
        property = {"service.pid=" + MqttCloudPublisher.PID, "cloud.connection.factory.pid=" + MqttCloudEndpoint.PID})
@Designate(ocd = MqttCloudPublisher.Config.class, factory = true)
public class MqttCloudPublisher implements CloudPublisher, ConfigurableComponent {

    public static final String PID = "io.aiosedge.cloudsync.mqtt.MqttCloudPublisher";

    @ObjectClassDefinition(id = PID, name = "AIOS MQTT cloud publisher",
            description = "Publishes Kura messages through an AIOS MQTT cloud endpoint.")
    public @interface Config {
        @AttributeDefinition(name = "Name (kura.service.pid)", required = false,
                description = "The instance's name, by which jobs and other components select it "
                        + "(CloudPublisher.target); empty: its generated service.pid.")
        String kura_service_pid() default "";

        @AttributeDefinition(name = "Cloud endpoint", description = "kura.service.pid of the endpoint")
        String cloud_endpoint_service_pid() default MqttCloudConnectionFactory.DEFAULT_ENDPOINT_PID;

        @AttributeDefinition(name = "Application id", description = "Value of #{app-id} in the topic")
        String app_id() default "app";

        @AttributeDefinition(name = "Topic", description = "Template: #{tenant}, #{client-id}, #{gateway-id},"
                + " #{app-id}, #{<message property>}")
        String topic() default "aios/v1/#{tenant}/#{client-id}/data/#{app-id}";

        @AttributeDefinition(name = "QoS", min = "0", max = "2")
        int qos() default 1;

        @AttributeDefinition(name = "Retain")
        boolean retain() default false;

        @AttributeDefinition(name = "Priority", min = "0", description = "Lower numbers are sent first; 0 and 1"
                + " bypass the outbox capacity")
        int priority() default 7;

        @AttributeDefinition(name = "Message TTL (s)", min = "0",
                description = "Unsent after this long, a message is dropped; 0: never")
        long message_ttl_s() default 0;
    }

    /** The validated configuration. */
    record Options(String endpointPid, String origin, String appId, String topic, int qos, boolean retain, int priority,
            long ttlMillis) {

        static Options from(Config c, Map<String, Object> properties) {
            String endpoint = c.cloud_endpoint_service_pid().trim();
            if (endpoint.isEmpty()) {
                throw new IllegalArgumentException("cloud.endpoint.service.pid is empty: the publisher needs an endpoint");
            }
            if (!Topics.isLevel(c.app_id())) {
                throw new IllegalArgumentException("app.id '" + c.app_id() + "' must be a single topic level");
            }
            if (c.topic().isBlank()) {
                throw new IllegalArgumentException("topic is empty");
            }
            if (c.qos() < 0 || c.qos() > 2) {
                throw new IllegalArgumentException("qos must be 0, 1 or 2, got " + c.qos());
            }
            if (c.priority() < 0) {
                throw new IllegalArgumentException("priority must be >= 0, got " + c.priority());
            }
            if (c.message_ttl_s() < 0) {
                throw new IllegalArgumentException("message.ttl.s must be >= 0, got " + c.message_ttl_s());
            }
            return new Options(endpoint, EndpointOptions.pidOf(properties), c.app_id(), c.topic().trim(), c.qos(),
                    c.retain(), c.priority(), c.message_ttl_s() * 1000);
        }
    }

    private final Options options;
    private final EndpointTracker endpoint;
    private final List<CloudConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<CloudDeliveryListener> deliveryListeners = new CopyOnWriteArrayList<>();

    private final CloudConnectionListener connectionRelay = new CloudConnectionListener() {
        @Override
        public void onDisconnected() {
            connectionListeners.forEach(CloudConnectionListener::onDisconnected);
        }

        @Override
        public void onConnectionLost() {
            connectionListeners.forEach(CloudConnectionListener::onConnectionLost);
        }

        @Override
        public void onConnectionEstablished() {
            connectionListeners.forEach(CloudConnectionListener::onConnectionEstablished);
        }
    };

    private final CloudDeliveryListener deliveryRelay = id -> deliveryListeners.forEach(l -> l.onMessageConfirmed(id));

    @Activate
    public MqttCloudPublisher(Config config, Map<String, Object> properties, BundleContext context) {
        this.options = Options.from(config, properties);
        this.endpoint = new EndpointTracker(context, options.endpointPid(), e -> {
            e.registerCloudConnectionListener(connectionRelay);
            e.registerDeliveryListener(options.origin(), deliveryRelay);
        }, e -> {
            e.unregisterCloudConnectionListener(connectionRelay);
            e.unregisterDeliveryListener(options.origin(), deliveryRelay);
        }).open();
    }

    @Deactivate
    void deactivate() {
        endpoint.close();
    }

    Options options() {
        return options;
    }

    @Override
    public String publish(KuraMessage message) throws KuraException {
        MqttCloudEndpoint e = endpoint.endpoint();
        if (e == null) {
            throw new KuraException(KuraErrorCode.SERVICE_UNAVAILABLE, "cloud endpoint " + options.endpointPid()
                    + " is not available");
        }
        return e.publish(options.origin(), options.topic(), Map.of("app-id", options.appId()), message, options.qos(),
                options.retain(), options.priority(), options.ttlMillis());
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.add(listener);
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.remove(listener);
    }

    @Override
    public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
        deliveryListeners.add(listener);
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
        deliveryListeners.remove(listener);
    }
}
