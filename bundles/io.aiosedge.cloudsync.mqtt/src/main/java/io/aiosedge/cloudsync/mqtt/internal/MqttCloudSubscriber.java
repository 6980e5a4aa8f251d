package io.aiosedge.cloudsync.mqtt.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.subscriber.CloudSubscriber;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aiosedge.cloudsync.mqtt.internal.wire.Topics;

/**
 * A Kura CloudSubscriber on an AIOS MQTT endpoint: subscribes its topic filter (a template like the publishers')
 * with its QoS while the endpoint is there (again after every reconnect) and hands what arrives to its listeners
 * as KuraMessages (property {@code topic} = the actual topic).
 */
@Component(name = MqttCloudSubscriber.PID, configurationPid = MqttCloudSubscriber.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {CloudSubscriber.class, ConfigurableComponent.class},
        property = {"service.pid=" + MqttCloudSubscriber.PID, "cloud.connection.factory.pid=" + MqttCloudEndpoint.PID})
@Designate(ocd = MqttCloudSubscriber.Config.class, factory = true)
public class MqttCloudSubscriber implements CloudSubscriber, ConfigurableComponent {

    public static final String PID = "io.aiosedge.cloudsync.mqtt.MqttCloudSubscriber";

    private static final Logger LOG = LoggerFactory.getLogger(MqttCloudSubscriber.class);

    @ObjectClassDefinition(id = PID, name = "AIOS MQTT cloud subscriber",
            description = "Receives messages of a topic filter through an AIOS MQTT cloud endpoint.")
    public @interface Config {
        @AttributeDefinition(name = "Name (kura.service.pid)", required = false,
                description = "The instance's name, by which components select it (CloudSubscriber.target); empty: "
                        + "its generated service.pid.")
        String kura_service_pid() default "";

        @AttributeDefinition(name = "Cloud endpoint", description = "kura.service.pid of the endpoint")
        String cloud_endpoint_service_pid() default MqttCloudConnectionFactory.DEFAULT_ENDPOINT_PID;

        @AttributeDefinition(name = "Topic filter", description = "MQTT filter (+, #) or template: #{tenant},"
                + " #{client-id}, #{gateway-id}")
        String topic_filter() default "aios/v1/#{tenant}/#{client-id}/in/#";

        @AttributeDefinition(name = "QoS", min = "0", max = "2")
        int qos() default 1;
    }

    /** The validated configuration. */
    record Options(String endpointPid, String topicFilter, int qos) {
        static Options from(Config c) {
            String endpoint = c.cloud_endpoint_service_pid().trim();
            if (endpoint.isEmpty()) {
                throw new IllegalArgumentException("cloud.endpoint.service.pid is empty: the subscriber needs an endpoint");
            }
            if (c.qos() < 0 || c.qos() > 2) {
                throw new IllegalArgumentException("qos must be 0, 1 or 2, got " + c.qos());
            }
            Topics.checkTopicFilter(Topics.resolve(c.topic_filter().trim(), name -> "x"), "topic.filter");
            return new Options(endpoint, c.topic_filter().trim(), c.qos());
        }
    }

    private final Options options;
    private final EndpointTracker endpoint;
    private final List<CloudSubscriberListener> listeners = new CopyOnWriteArrayList<>();
    private final List<CloudConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();

    private final CloudSubscriberListener relay = message -> {
        for (CloudSubscriberListener l : listeners) {
            try {
                l.onMessageArrived(message);
            } catch (RuntimeException e) {
                LOG.warn("subscriber listener failed", e);
            }
        }
    };

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

    @Activate
    public MqttCloudSubscriber(Config config, BundleContext context) {
        this.options = Options.from(config);
        this.endpoint = new EndpointTracker(context, options.endpointPid(), e -> {
            e.registerCloudConnectionListener(connectionRelay);
            e.registerSubscriber(Map.of(MqttCloudEndpoint.SUBSCRIPTION_FILTER, options.topicFilter(),
                    MqttCloudEndpoint.SUBSCRIPTION_QOS, options.qos()), relay);
        }, e -> {
            e.unregisterSubscriber(relay);
            e.unregisterCloudConnectionListener(connectionRelay);
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
    public void registerCloudSubscriberListener(CloudSubscriberListener listener) {
        listeners.add(listener);
    }

    @Override
    public void unregisterCloudSubscriberListener(CloudSubscriberListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.add(listener);
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.remove(listener);
    }
}
